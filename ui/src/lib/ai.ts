// Types and helpers of the AI view: the item catalogue the backend hands over
// (src-tauri/src/ai_commands.rs, from techfile::ai::items), the AI part's
// model types (generated from src/model/ai.rs), and the pass/fail rule of the
// performance table (PerformanceResult::verdict in Rust).

import type { Finding } from './types';

export interface AiItem {
  key: string;
  clause: string;
  label: string;
  title: string;
  /** Field paths relative to `ai.systems[i]`; `performance[subgroup]` means subgroup rows. */
  fields: string[];
  required: boolean;
  part: 'annex-iv' | 'art-13-3';
  section: string;
}

export interface ModelCardImport {
  techfile: import('./types').TechFile;
  imported: number;
  systems: string[];
  warnings: string[];
  format: string;
}

// The AI part's model types, generated from src/model/ai.rs.
export type {
  Acceptance,
  AiPart,
  AiSystem,
  Comparator,
  ConfidenceInterval,
  Dataset,
  DatasetPurpose,
  DemographicGroup,
  Estimate,
  PerformanceResult,
} from './generated/techfile';

import type { AiSystem, Dataset, PerformanceResult } from './generated/techfile';

/** `Verdict::as_str` in Rust (the UI's own labels, not a serialised type). */
export type Verdict = 'pass' | 'fail' | 'no criterion' | 'no value';

export function verdict(r: PerformanceResult): Verdict {
  const a = r.acceptance;
  if (!a) return 'no criterion';
  const est = a.on === 'value' ? r.value : a.on === 'ci-lower' ? r.ci?.lower : r.ci?.upper;
  if (est === null || est === undefined || !Number.isFinite(est) || !Number.isFinite(a.threshold)) {
    return 'no value';
  }
  const ok =
    a.comparator === '>=' ? est >= a.threshold
    : a.comparator === '>' ? est > a.threshold
    : a.comparator === '<=' ? est <= a.threshold
    : est < a.threshold;
  return ok ? 'pass' : 'fail';
}

/** The findings that say `item` is empty for system `i`. */
export function itemFindings(list: Finding[], item: AiItem, i: number): Finding[] {
  const base = `ai.systems[${i}]`;
  const paths = item.fields.map((f) => `${base}.${f.replace('[subgroup]', '')}`);
  return list.filter((f) => f.rule === item.clause && paths.includes(f.path));
}

/** A string field of a system by dotted path (`description.intended_purpose`). */
export function getText(sys: AiSystem, path: string): string | undefined {
  let cur: unknown = sys;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === 'string' ? cur : undefined;
}

export function setText(sys: AiSystem, path: string, value: string) {
  const parts = path.split('.');
  let cur = sys as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next === null || typeof next !== 'object') return;
    cur = next as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

/** Human labels of field paths. */
export function fieldLabel(path: string): string {
  const parts = path.split('.');
  const last = parts[parts.length - 1] ?? path;
  // `provider.name` reads better as "Provider name" than as "Name".
  const s = (last === 'name' && parts.length > 1 ? `${parts[parts.length - 2]} ${last}` : last).replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function emptyDataset(): Dataset {
  return {
    name: '', purpose: null, provenance: '', size: '', collection_period: '', population: '',
    demographics: [], labelling: '', cleaning: '', licence: '', url: '',
  };
}

export function emptyRow(): PerformanceResult {
  return {
    metric: '', class: '', value: null, ci: null, dataset: '', subgroup: '',
    acceptance: null, note: '',
  };
}
