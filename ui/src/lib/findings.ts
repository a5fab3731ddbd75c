// Findings shared with every field through Svelte context, so a field shows
// the findings about its own path without each view threading them through.

import { getContext, setContext } from 'svelte';
import type { Finding, Severity } from './types';

const KEY = Symbol('findings');

export interface FindingsContext {
  readonly list: Finding[];
}

export function provideFindings(ctx: FindingsContext) {
  setContext(KEY, ctx);
}

export function findingsContext(): FindingsContext {
  return getContext<FindingsContext>(KEY) ?? { list: [] };
}

/** Findings about exactly `path`. */
export function findingsAt(list: Finding[], path: string): Finding[] {
  return list.filter((f) => f.path === path);
}

/** Findings about `path` or anything inside it (`a.b` covers `a.b.c`, `a.b[0]`). */
export function findingsUnder(list: Finding[], path: string): Finding[] {
  return list.filter(
    (f) => f.path === path || f.path.startsWith(path + '.') || f.path.startsWith(path + '['),
  );
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function bySeverity(list: Finding[]): Finding[] {
  return list
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

export function counts(list: Finding[]): Record<Severity, number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of list) c[f.severity]++;
  return c;
}

/** The paths to try, most specific first, when jumping to a finding:
 * `document.approvals[0].date`, `document.approvals[0]`, `document.approvals`,
 * `document`. */
export function pathAncestors(path: string): string[] {
  const out: string[] = [];
  let p = path;
  while (p) {
    out.push(p);
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return out;
}
