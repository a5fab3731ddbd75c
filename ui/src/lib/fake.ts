// A fake backend for tests: records every call, answers from memory, and
// runs a tiny stand-in for `check` so the findings panel has something to
// show. It mirrors the real adapter's contract in api.ts, not the rules.

import { ApiError, type Api } from './api';
import type { AiItem, AiPart, ModelCardImport } from './ai';
import { fakeRiskView, samplePlan, type RiskImport, type RiskPart, type RiskTableFormat, type RiskView } from './risk';
import type { SbomImport, SbomPart, VexImport } from './sbom';
import type { ExportFormat, Finding, Opened, TechFile } from './types';

export function sampleTechFile(): TechFile {
  return {
    schema_version: 1,
    document: {
      document_id: 'TF-ECG-001',
      title: 'Technical documentation',
      version: '1.0',
      date: '2026-01-15',
      revisions: [{ version: '1.0', date: '2026-01-15', author: 'A. Writer', description: 'First issue' }],
      approvals: [{ name: 'B. Boss', role: 'PRRC', date: '2026-01-16', meaning: 'Approved' }],
    },
    device: {
      trade_name: 'CardioScan AI',
      description: 'Software that detects arrhythmias in ECGs.',
      manufacturer: { name: 'Acme Medical GmbH', address: 'Street 1\nBerlin', country: 'DE', srn: 'DE-MF-000012345', email: 'qa@acme.example' },
      basic_udi_di: '4012345CARDIOSCANXY',
      udi_dis: ['04012345000017'],
      risk_class: 'IIa',
      classification_rule: 'Rule 11',
      intended_purpose: 'Detect atrial fibrillation.',
      intended_users: 'Cardiologists',
      patient_population: 'Adults',
      indications: ['Suspected arrhythmia'],
      contraindications: [],
      warnings: ['Not for use in paediatric patients'],
      principle_of_operation: 'A neural network classifies ECG beats.',
      qualification_rationale: '',
      novel_features: '',
      variants: [],
      accessories: [],
      key_functional_elements: '',
      previous_generations: '',
      notified_body: '0123',
      conformity_route: 'annex-ix',
      emdn_code: 'Z12040192',
    },
    software_items: [],
    chapters: [{ id: 'kept', title: 'Untouched by the UI', clauses: [], body: 'x' }],
    evidence: [],
    // Every part, as the backend sends them (empty parts included).
    sbom: { documents: [], components: [], vulnerabilities: [] },
    risk: { plan: samplePlan(), entries: [], overall_residual_risk: '' },
    ai: { systems: [] },
  };
}

/** The fake's rules: an empty trade name is an error, a missing SRN a warning. */
export function fakeCheck(tf: TechFile): Finding[] {
  const out: Finding[] = [];
  if (!tf.device.trade_name.trim()) {
    out.push({ rule: 'device.trade_name', severity: 'error', path: 'device.trade_name', message: 'The trade name is missing.' });
  }
  if (!tf.device.manufacturer.srn.trim()) {
    out.push({ rule: 'device.srn', severity: 'warning', path: 'device.manufacturer.srn', message: 'No SRN.' });
  }
  return out;
}

export type Call =
  | { cmd: 'initialProject' }
  | { cmd: 'openProject' }
  | { cmd: 'saveProject'; techfile: TechFile; path: string | null }
  | { cmd: 'check'; techfile: TechFile }
  | { cmd: 'exportProject'; techfile: TechFile; format: ExportFormat }
  | { cmd: 'setDirty'; dirty: boolean; title: string }
  | { cmd: 'aiCatalogue' }
  | { cmd: 'importModelCard'; techfile: TechFile }
  | { cmd: 'riskView'; techfile: TechFile }
  | { cmd: 'importRisks'; techfile: TechFile; withMapping: boolean }
  | { cmd: 'exportRisks'; techfile: TechFile; format: RiskTableFormat }
  | { cmd: 'importSbom'; techfile: TechFile; item: string | null }
  | { cmd: 'importVex'; techfile: TechFile };

/** A few items of the AI catalogue (the real one comes from techfile::ai::items). */
export const sampleAiCatalogue: AiItem[] = [
  { key: 'iv-1a', clause: 'AIA-IV-1(a)', label: '1(a)', title: 'Intended purpose, provider and version', fields: ['version', 'provider.name', 'description.intended_purpose'], required: true, part: 'annex-iv', section: '1' },
  { key: 'iv-2d', clause: 'AIA-IV-2(d)', label: '2(d)', title: 'Data requirements and datasheets', fields: ['development.data_requirements', 'datasets'], required: true, part: 'annex-iv', section: '2' },
  { key: 'iv-2g', clause: 'AIA-IV-2(g)', label: '2(g)', title: 'Validation and testing procedures, metrics and results', fields: ['development.validation_and_testing', 'performance'], required: true, part: 'annex-iv', section: '2' },
  { key: '13-f', clause: 'AIA-13-3(f)', label: '(f)', title: 'Logging', fields: ['logging'], required: false, part: 'art-13-3', section: '' },
];

export class FakeApi implements Api {
  calls: Call[] = [];
  /** What the next dialog answers: a path, or null for "cancelled". */
  dialogAnswer: string | null = '/tmp/chosen.techfile.json';
  /** Files "on disk". */
  files = new Map<string, TechFile>();
  initialPath: string | null = null;
  failNext: ApiError | null = null;

  constructor(public initial: TechFile = sampleTechFile()) {}

  #maybeFail() {
    const e = this.failNext;
    this.failNext = null;
    if (e) throw e;
  }

  async initialProject(): Promise<Opened> {
    this.calls.push({ cmd: 'initialProject' });
    this.#maybeFail();
    const tf = structuredClone(this.initial);
    return { path: this.initialPath, techfile: tf, findings: fakeCheck(tf) };
  }

  async openProject(): Promise<Opened | null> {
    this.calls.push({ cmd: 'openProject' });
    this.#maybeFail();
    if (this.dialogAnswer === null) return null;
    const tf = this.files.get(this.dialogAnswer);
    if (!tf) throw new ApiError('store.read', `${this.dialogAnswer}: cannot read`);
    return { path: this.dialogAnswer, techfile: structuredClone(tf), findings: fakeCheck(tf) };
  }

  async saveProject(techfile: TechFile, path: string | null): Promise<string | null> {
    this.calls.push({ cmd: 'saveProject', techfile: structuredClone(techfile), path });
    this.#maybeFail();
    const target = path ?? this.dialogAnswer;
    if (target === null) return null;
    this.files.set(target, structuredClone(techfile));
    return target;
  }

  async check(techfile: TechFile): Promise<Finding[]> {
    this.calls.push({ cmd: 'check', techfile: structuredClone(techfile) });
    this.#maybeFail();
    return fakeCheck(techfile);
  }

  async exportProject(techfile: TechFile, format: ExportFormat): Promise<string | null> {
    this.calls.push({ cmd: 'exportProject', techfile: structuredClone(techfile), format });
    this.#maybeFail();
    if (this.dialogAnswer === null) return null;
    return this.dialogAnswer.replace(/\.techfile\.json$|\.json$/, format === 'pdf' ? '.pdf' : '.md');
  }

  async setDirty(dirty: boolean, title: string): Promise<void> {
    this.calls.push({ cmd: 'setDirty', dirty, title });
  }

  /** The AI part a model-card import yields; null makes it answer "cancelled". */
  modelCardAi: AiPart | null = null;

  async aiCatalogue(): Promise<AiItem[]> {
    this.calls.push({ cmd: 'aiCatalogue' });
    return structuredClone(sampleAiCatalogue);
  }

  async importModelCard(techfile: TechFile): Promise<ModelCardImport | null> {
    this.calls.push({ cmd: 'importModelCard', techfile: structuredClone(techfile) });
    this.#maybeFail();
    if (this.dialogAnswer === null || this.modelCardAi === null) return null;
    const tf = structuredClone(techfile);
    tf.ai = structuredClone(this.modelCardAi);
    const systems = this.modelCardAi.systems.map((s) => s.name);
    return { techfile: tf, imported: systems.length, systems, warnings: ['not mapped: tags'], format: 'Hugging Face model card' };
  }

  /** The risk part a risk-table import yields; null makes it answer "cancelled". */
  importedRisk: RiskPart | null = null;

  async riskView(techfile: TechFile): Promise<RiskView> {
    this.calls.push({ cmd: 'riskView', techfile: structuredClone(techfile) });
    const part = techfile.risk as RiskPart | undefined;
    if (!part) throw new ApiError('risk.none', 'no risk part');
    return fakeRiskView(part);
  }

  async importRisks(techfile: TechFile, withMapping: boolean): Promise<RiskImport | null> {
    this.calls.push({ cmd: 'importRisks', techfile: structuredClone(techfile), withMapping });
    this.#maybeFail();
    if (this.dialogAnswer === null || this.importedRisk === null) return null;
    const tf = structuredClone(techfile);
    tf.risk = structuredClone(this.importedRisk);
    const n = this.importedRisk.entries.length;
    return { techfile: tf, imported: n, replaced: 0, warnings: ['row 3, column F "severity": severity `Huge` is not a level of the plan'] };
  }

  async exportRisks(techfile: TechFile, format: RiskTableFormat): Promise<string | null> {
    this.calls.push({ cmd: 'exportRisks', techfile: structuredClone(techfile), format });
    this.#maybeFail();
    if (this.dialogAnswer === null) return null;
    return format === 'risks-xlsx' ? '/tmp/risk-table.xlsx' : '/tmp/risk-table.csv';
  }

  /** The sbom part an SBOM import yields; null makes it answer "cancelled". */
  importedSbom: SbomPart | null = null;

  async importSbom(techfile: TechFile, item: string | null): Promise<SbomImport | null> {
    this.calls.push({ cmd: 'importSbom', techfile: structuredClone(techfile), item });
    this.#maybeFail();
    if (this.dialogAnswer === null || this.importedSbom === null) return null;
    const tf = structuredClone(techfile);
    tf.sbom = structuredClone(this.importedSbom);
    const n = this.importedSbom.components.length;
    return { techfile: tf, imported: n, item: item ?? 'app', added: [], removed: [], changed: [], warnings: [] };
  }

  /** The vulnerabilities a VEX import yields; null makes it answer "cancelled". */
  importedVex: SbomPart['vulnerabilities'] | null = null;

  async importVex(techfile: TechFile): Promise<VexImport | null> {
    this.calls.push({ cmd: 'importVex', techfile: structuredClone(techfile) });
    this.#maybeFail();
    if (this.dialogAnswer === null || this.importedVex === null) return null;
    const tf = structuredClone(techfile);
    (tf.sbom as SbomPart).vulnerabilities = structuredClone(this.importedVex);
    return { techfile: tf, imported: this.importedVex.length, warnings: [] };
  }

  callsOf<K extends Call['cmd']>(cmd: K): Extract<Call, { cmd: K }>[] {
    return this.calls.filter((c): c is Extract<Call, { cmd: K }> => c.cmd === cmd);
  }
}
