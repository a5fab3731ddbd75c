// A fake backend for tests: records every call, answers from memory, and
// runs a tiny stand-in for `check` so the findings panel has something to
// show. It mirrors the real adapter's contract in api.ts, not the rules.

import { ApiError, type Api } from './api';
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
    chapters: [{ id: 'kept', title: 'Untouched by the UI', clauses: [], body: 'x' }],
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
  | { cmd: 'setDirty'; dirty: boolean; title: string };

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

  callsOf<K extends Call['cmd']>(cmd: K): Extract<Call, { cmd: K }>[] {
    return this.calls.filter((c): c is Extract<Call, { cmd: K }> => c.cmd === cmd);
  }
}
