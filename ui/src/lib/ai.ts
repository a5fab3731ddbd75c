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
  /** The AI part as the import left it, and the findings. */
  update: import('./types').Update;
  imported: number;
  systems: string[];
  warnings: string[];
  format: string;
}

// The AI part's model types, generated from src/model/ai.rs: imported for
// use here and re-exported for the views.
import type {
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
export type {
  Acceptance, AiPart, AiSystem, Comparator, ConfidenceInterval, Dataset, DatasetPurpose,
  DemographicGroup, Estimate, PerformanceResult,
};

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

/** The rule of every empty Annex IV / Art. 13(3) item (src/ai/rules.rs); its
 * finding's path names the item's field. */
export const ITEM_MISSING = 'ai.item-missing';

/** The findings that say `item` is empty for system `i`. */
export function itemFindings(list: Finding[], item: AiItem, i: number): Finding[] {
  const base = `ai.systems[${i}]`;
  const paths = item.fields.map((f) => `${base}.${f.replace('[subgroup]', '')}`);
  return list.filter((f) => f.rule === ITEM_MISSING && paths.includes(f.path));
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
    name: '', purpose: null, provenance: '', size: '', records: null, sources: [], collection_period: '', population: '',
    demographics: [], labelling: '', cleaning: '', licence: '', url: '',
  };
}

export function emptyRow(): PerformanceResult {
  return {
    id: '', metric: '', class: '', value: null, ci: null, dataset: '', subgroup: '',
    acceptance: null, note: '',
  };
}

/** An empty AI system with every field of src/ai/model.rs, so the form has them all. */
export function newSystem(name = 'New AI system'): AiSystem {
  return {
    name, version: '',
    provider: { name: '', contact: '', authorised_representative: '' },
    model_type: '', architecture: '', software_item: '', model_component: '', model_sha256: '', third_party_components: [],
    description: { summary: '', intended_purpose: '', context_of_use: '', previous_versions: '', interactions: '', software_versions: '', forms_of_placing: '', hardware: '', product_illustrations: '', user_interface: '', instructions_for_use: '' },
    development: { methods: '', design_specifications: '', system_architecture: '', compute_resources: '', data_requirements: '', human_oversight_assessment: '', validation_and_testing: '', cybersecurity_measures: '' },
    datasets: [], performance: [],
    monitoring: { capabilities_and_limitations: '', unintended_outcomes: '', foreseeable_misuse: '', human_oversight: '', input_data_specification: '' },
    accuracy_robustness_cybersecurity: { accuracy: '', robustness: '', cybersecurity: '', circumstances_affecting_performance: '' },
    metrics_rationale: '', risk_management: '', lifecycle_changes: [], standards: [], other_solutions: '', declaration_of_conformity: '',
    pccp: { planned_changes: '', modification_protocol: '', impact_assessment: '' },
    post_market_monitoring: { plan: '', indicators: [] },
    logging: '',
    deployer: { explainability: '', output_interpretation: '', compute_and_hardware: '', expected_lifetime: '', maintenance: '' },
  };
}

/** A number typed into a table cell; null when empty or not a number. */
export function num(v: string): number | null {
  const t = v.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Sets one bound of a result's confidence interval from its cell. */
export function setCi(r: PerformanceResult, which: 'lower' | 'upper', v: string) {
  const n = num(v);
  if (n === null) {
    if (r.ci && which === 'lower' && r.ci.upper === undefined) r.ci = null;
    if (!r.ci) return;
  }
  if (!r.ci) r.ci = { lower: n ?? 0, upper: n ?? 0, level: 0.95 };
  else if (n !== null) r.ci[which] = n;
}

/** Sets a result's acceptance criterion; none without a comparator and threshold. */
export function setCriterion(r: PerformanceResult, cmp: string, threshold: string, on: string) {
  const t = num(threshold);
  if (!cmp || t === null) {
    r.acceptance = null;
    return;
  }
  r.acceptance = { comparator: cmp as Comparator, threshold: t, on: (on || 'value') as Estimate };
}

/** A datasheet's groups as one text: `attribute: group (share); ...`. */
export function demographicsText(d: Dataset): string {
  return d.demographics.map((g) => `${g.attribute}: ${g.group}${g.share ? ` (${g.share})` : ''}`).join('; ');
}

export function parseDemographics(text: string): DemographicGroup[] {
  return text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const m = /^([^:]+):\s*(.*?)\s*(?:\((.*)\))?$/.exec(p);
      return m
        ? { attribute: m[1].trim(), group: m[2].trim(), share: (m[3] ?? '').trim() }
        : { attribute: '', group: p, share: '' };
    });
}

export const PURPOSES: DatasetPurpose[] = ['training', 'validation', 'test', 'training-validation', 'other'];
