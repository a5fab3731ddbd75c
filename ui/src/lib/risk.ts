// The risk part as the UI edits it (src/model/risk.rs) and the risk view the
// backend computes from it (src/risk/view.rs), both typed by the generated
// declarations: computed initial and residual risk and the heat maps come
// from the backend, never from a second implementation here. `fakeRiskView` is the fake backend's stand-in.

// The risk part's model types (src/model/risk.rs) and the risk view's types
// (src/risk/view.rs), generated from the Rust types.
export type {
  Acceptability,
  ComputedRisk,
  ControlType,
  Heatmap,
  HeatmapRow,
  RiskControl,
  RiskEntry,
  RiskLinks,
  RiskPart,
  RiskPlan,
  ScaleLevel,
  Verification,
} from './generated/techfile';

import type {
  Acceptability,
  ComputedRisk,
  ControlType,
  Heatmap,
  RiskControl,
  RiskEntry,
  RiskEntryView,
  RiskPart,
  RiskPlan,
  RiskView as FullRiskView,
  ScaleLevel,
} from './generated/techfile';

export const CONTROL_TYPES: [ControlType, string][] = [
  ['inherent-safety', 'Inherent safety by design'],
  ['protective-measure', 'Protective measure'],
  ['information-for-safety', 'Information for safety'],
];

export const ZONES: [Acceptability, string][] = [
  ['acceptable', 'Acceptable'],
  ['alarp', 'Investigate further (ALARP)'],
  ['unacceptable', 'Unacceptable'],
];

/** The computed risks of one entry of the backend's risk view. */
export type RiskViewEntry = Pick<RiskEntryView, 'id' | 'initial' | 'residual'>;

/** The part of the backend's risk view (techfile::risk::view) the desktop uses. */
export type RiskView = Pick<FullRiskView, 'heatmap_initial' | 'heatmap_residual'> & {
  entries: RiskViewEntry[];
};

export interface RiskImport {
  /** The risk part as the import left it, and the findings. */
  update: import('./types').Update;
  imported: number;
  replaced: number;
  warnings: string[];
}

export type RiskTableFormat = 'risks-csv' | 'risks-xlsx';

export function emptyEntry(id: string): RiskEntry {
  return {
    id,
    category: '',
    hazard: '',
    sequence_of_events: '',
    hazardous_situation: '',
    harm: '',
    severity: '',
    p1: '',
    p2: '',
    probability: '',
    controls: [],
    residual_severity: '',
    residual_probability: '',
    benefit_risk: '',
    links: { software_items: [], components: [], vulnerabilities: [], ai_systems: [], requirements: [] },
    notes: '',
  };
}

export function emptyControl(id: string): RiskControl {
  return {
    id,
    description: '',
    type: null,
    implementation: '',
    verification_implementation: { method: '', evidence: '' },
    verification_effectiveness: { method: '', evidence: '' },
    release: '',
    new_risks: [],
  };
}

/** The next free id with `prefix` and a running number (`HAZ-03`). */
export function nextId(existing: string[], prefix: string): string {
  let n = existing.length + 1;
  const taken = new Set(existing);
  for (;;) {
    const id = `${prefix}${String(n).padStart(2, '0')}`;
    if (!taken.has(id)) return id;
    n += 1;
  }
}

/** Keeps the matrix one row per severity level and one cell per probability
 * level after levels were added or removed (new cells: investigate further). */
export function resizeMatrix(plan: RiskPlan) {
  const ns = plan.severity.length;
  const np = plan.probability.length;
  while (plan.matrix.length > ns) plan.matrix.pop();
  while (plan.matrix.length < ns) plan.matrix.push([]);
  for (const row of plan.matrix) {
    while (row.length > np) row.pop();
    while (row.length < np) row.push('alarp');
  }
}

/** A list field edited as one text (`a; b`). */
export function listText(v: string[]): string {
  return v.join('; ');
}

export function parseList(s: string): string[] {
  return s
    .split(/[;\n]/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

/** The fake backend's risk view: overall probability only, no P1 x P2. */
export function fakeRiskView(part: RiskPart): RiskView {
  const plan = part.plan;
  const idx = (levels: ScaleLevel[], name: string) =>
    levels.findIndex((l) => l.name.toLowerCase() === name.trim().toLowerCase());
  const place = (s: number, p: number): ComputedRisk => {
    const zone = s >= 0 && p >= 0 ? (plan.matrix[s]?.[p] ?? '') : '';
    const label = ZONES.find(([z]) => z === zone)?.[1] ?? '';
    return {
      severity: s >= 0 ? plan.severity[s].name : '',
      probability: p >= 0 ? plan.probability[p].name : '',
      zone,
      label,
      index: s >= 0 && p >= 0 ? String((s + 1) * (p + 1)) : '',
    };
  };
  const risks = part.entries.map((e) => {
    const s = idx(plan.severity, e.severity);
    const p = idx(plan.probability, e.probability);
    const rs = e.residual_severity.trim() ? idx(plan.severity, e.residual_severity) : s;
    const rp = e.residual_probability.trim() ? idx(plan.probability, e.residual_probability) : p;
    return { id: e.id, initial: place(s, p), residual: place(rs, rp), si: [s, p], ri: [rs, rp] };
  });
  const heat = (title: string, pick: (r: (typeof risks)[number]) => number[]): Heatmap => {
    const ns = plan.severity.length;
    const np = plan.probability.length;
    const counts = Array.from({ length: ns }, () => new Array<number>(np).fill(0));
    let unplaced = 0;
    for (const r of risks) {
      const [s, p] = pick(r);
      if (s >= 0 && p >= 0) counts[s][p] += 1;
      else unplaced += 1;
    }
    const code = (z: string) => (z === 'acceptable' ? 'A' : z === 'alarp' ? 'I' : z === 'unacceptable' ? 'U' : '?');
    const rows = plan.severity
      .map((l, s) => ({ severity: l.name, cells: counts[s].map((c, p) => `${c} (${code(plan.matrix[s]?.[p] ?? '')})`) }))
      .reverse();
    return { title, comment: '', cols: plan.probability.map((l) => l.name), rows, unplaced };
  };
  return {
    entries: risks.map(({ id, initial, residual }) => ({ id, initial, residual })),
    heatmap_initial: heat('Risk before control (initial risk)', (r) => r.si),
    heatmap_residual: heat('Risk after control (residual risk)', (r) => r.ri),
  };
}

/** A small plan for tests and for a file without one (the backend's default is 5 x 5). */
export function samplePlan(): RiskPlan {
  const lv = (name: string) => ({ name, description: '' });
  return {
    scope: '',
    policy: 'Reduce risks as far as possible.',
    severity: ['Negligible', 'Minor', 'Serious', 'Critical', 'Catastrophic'].map(lv),
    probability: ['Improbable', 'Remote', 'Occasional', 'Probable', 'Frequent'].map(lv),
    matrix: [
      ['acceptable', 'acceptable', 'acceptable', 'acceptable', 'alarp'],
      ['acceptable', 'acceptable', 'acceptable', 'alarp', 'alarp'],
      ['acceptable', 'acceptable', 'alarp', 'alarp', 'unacceptable'],
      ['acceptable', 'alarp', 'alarp', 'unacceptable', 'unacceptable'],
      ['alarp', 'alarp', 'unacceptable', 'unacceptable', 'unacceptable'],
    ],
    verification: '',
  };
}
