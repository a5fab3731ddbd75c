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

const NONE: readonly Finding[] = Object.freeze([]);
/** Each list of findings indexed by path once, the first time a field asks:
 * every field of a view asks after each edit, and scanning the whole list
 * for each would cost fields x findings. */
const byPath = new WeakMap<readonly Finding[], Map<string, Finding[]>>();

/** Findings about exactly `path` (read-only: shared by every asker). */
export function findingsAt(list: readonly Finding[], path: string): readonly Finding[] {
  let index = byPath.get(list);
  if (!index) {
    index = new Map();
    for (const f of list) {
      const at = index.get(f.path);
      if (at) at.push(f);
      else index.set(f.path, [f]);
    }
    byPath.set(list, index);
  }
  return index.get(path) ?? NONE;
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

const PART_LABELS: Record<string, string> = {
  document: 'Document control',
  applicability: 'Applicable legislation',
  device: 'Device',
  software_items: 'Software items',
  chapters: 'Chapters',
  documents: 'Document register',
  sbom: 'SBOM',
  risk: 'Risk',
  ai: 'AI',
};

/** The top-level part a finding is about: `device` for `device.udi_dis[0]`. */
export function partOf(path: string): string {
  return path.split(/[.[]/, 1)[0] || 'file';
}

export function partLabel(part: string): string {
  return PART_LABELS[part] ?? part.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export interface FindingGroup {
  part: string;
  label: string;
  findings: Finding[];
  counts: Record<Severity, number>;
}

/** Findings grouped by part: parts in `focus` first, then parts with errors,
 * then the rest in the order `check` reported them; errors first in each. */
export function groupByPart(list: Finding[], focus: string[] = []): FindingGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of list) {
    const part = partOf(f.path);
    const g = groups.get(part);
    if (g) g.push(f);
    else groups.set(part, [f]);
  }
  const out = [...groups].map(([part, fs], i) => ({
    part,
    label: partLabel(part),
    findings: bySeverity(fs),
    counts: counts(fs),
    i,
  }));
  const rank = (g: (typeof out)[number]) =>
    focus.includes(g.part) ? 0 : g.counts.error > 0 ? 1 : 2;
  out.sort((a, b) => rank(a) - rank(b) || a.i - b.i);
  return out.map(({ part, label, findings, counts }) => ({ part, label, findings, counts }));
}

const FRAMEWORK_LABELS: Record<string, string> = {
  'mdr-annex-ii': 'MDR Annex II',
  'mdr-annex-iii': 'MDR Annex III',
  'mdr-annex-i': 'MDR Annex I (GSPR)',
  'ivdr-annex-ii': 'IVDR Annex II',
  'ivdr-annex-iii': 'IVDR Annex III',
  'ivdr-annex-i': 'IVDR Annex I (GSPR)',
  'aia-annex-iv': 'AI Act Annex IV',
  'aia-art-13': 'AI Act Art. 13(3)',
  // Not the device's: the CRA profile of the listed non-device products.
  'cra-annex-vii': 'CRA profile (Annex VII)',
};

/** A coverage framework's name as the panel shows it. */
export function frameworkLabel(framework: string): string {
  return FRAMEWORK_LABELS[framework] ?? framework;
}

/** Whole per cent answered, rounded down (100 only when all are), as the
 * CLI prints it. */
export function percent(answered: number, total: number): number {
  return total === 0 ? 100 : Math.floor((answered * 100) / total);
}
