// A fake backend for tests: holds the open project as the real backend does,
// applies edits to it (all or none, refusing bad paths and wrong types),
// records every call, and runs a tiny stand-in for `check` so the findings
// panel has something to show. It mirrors the real adapter's contract in
// api.ts, not the rules.

import { ApiError, type Api } from './api';
import type { AiItem, AiPart, ModelCardImport } from './ai';
import { fakePreview, sampleClauses, type ClauseItem } from './chapters';
import type { Located } from './preview.svelte';
import type { ReferenceTarget } from './references';
import { fakeRiskView, samplePlan, type RiskImport, type RiskPart, type RiskTableFormat, type RiskView } from './risk';
import { emptyDocument, type DocumentFile, type FileCheck, type GsprRequirement } from './registers';
import type { SbomImport, SbomPart, VexImport } from './sbom';
import { formatPath, getAt, insertAt, parsePath, removeAt, setAt } from './paths';
import type { Change, Compared, DropImport, Edit, ExportFormat, ExportPart, Figure, Finding, Opened, RecentFile, RecoveryOffer, Saved, TaskProgress, TechFile, Update } from './types';

export function sampleTechFile(): TechFile {
  return {
    schema_version: 2,
    document: {
      document_id: 'TF-ECG-001',
      title: 'Technical documentation',
      version: '1.0',
      date: '2026-01-15',
      status: '',
      confidentiality: '',
      revisions: [{ version: '1.0', date: '2026-01-15', author: 'A. Writer', description: 'First issue' }],
      approvals: [{ name: 'B. Boss', role: 'PRRC', date: '2026-01-16', meaning: 'Approved', certificate_subject: '', certificate_sha256: '' }],
      document_id_pattern: '',
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
      notified_body_name: 'Example Notified Body',
      version: '1.0',
      conformity_route: 'annex-ix',
      emdn_code: 'Z12040192',
    },
    applicability: { regulation: 'mdr', ai_act: { classification: null, rationale: '' }, cra_products: [] },
    software_items: [],
    chapters: [{ id: 'kept', title: 'Untouched by the UI', clauses: [], body: 'x' }],
    documents: [],
    // Every part, as the backend sends them (empty parts included).
    sbom: { documents: [], components: [], vulnerabilities: [] },
    risk: { plan: samplePlan(), entries: [], overall_residual_risk: '' },
    ai: { systems: [] },
    gspr: { rows: [] },
    standards: { entries: [], no_common_specification: '' },
    declaration: { number: '', place: '', date: '', signatory: '', function: '', on_behalf_of: '', certificates: [], personal_data: false, additional_information: '' },
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
  | { cmd: 'newProject'; example: boolean }
  | { cmd: 'openProject' }
  | { cmd: 'edit'; edits: Edit[] }
  | { cmd: 'valueAt'; path: string }
  | { cmd: 'saveProject'; path: string | null }
  | { cmd: 'exportProject'; format: ExportFormat; part?: ExportPart }
  | { cmd: 'setDirty'; dirty: boolean; title: string }
  | { cmd: 'aiCatalogue' }
  | { cmd: 'importModelCard' }
  | { cmd: 'riskView' }
  | { cmd: 'importRisks'; withMapping: boolean }
  | { cmd: 'exportRisks'; format: RiskTableFormat }
  | { cmd: 'importSbom'; item: string | null }
  | { cmd: 'importVex' }
  | { cmd: 'compareWith'; backup: boolean }
  | { cmd: 'undo' }
  | { cmd: 'redo' }
  | { cmd: 'restoreRecovery' }
  | { cmd: 'discardRecovery' }
  | { cmd: 'addDocumentFile'; index: number | null }
  | { cmd: 'verifyDocuments' }
  | { cmd: 'gsprRequirements' }
  | { cmd: 'declarationMarkdown' }
  | { cmd: 'clauseCatalogue' }
  | { cmd: 'renderChapterPreview'; markdown: string }
  | { cmd: 'referenceTargets' }
  | { cmd: 'previewLocate'; path: string }
  | { cmd: 'taskProgress' }
  | { cmd: 'cancelTask' }
  | { cmd: 'recentFiles' }
  | { cmd: 'openRecent'; path: string }
  | { cmd: 'importDropped'; name: string; size: number; item: string | null }
  | { cmd: 'previewPdf' };

/** A tiny valid one-page PDF (with a correct xref table) that shows `text`. */
export function tinyPdf(text: string): Uint8Array {
  const esc = text.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, '\\$&');
  const content = `BT /F1 18 Tf 72 720 Td (${esc}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** A few items of the AI catalogue (the real one comes from techfile::ai::items). */
export const sampleAiCatalogue: AiItem[] = [
  { key: 'iv-1a', clause: 'AIA-IV-1(a)', label: '1(a)', title: 'Intended purpose, provider and version', fields: ['version', 'provider.name', 'description.intended_purpose'], required: true, part: 'annex-iv', section: '1' },
  { key: 'iv-2d', clause: 'AIA-IV-2(d)', label: '2(d)', title: 'Data requirements and datasheets', fields: ['development.data_requirements', 'datasets'], required: true, part: 'annex-iv', section: '2' },
  { key: 'iv-2g', clause: 'AIA-IV-2(g)', label: '2(g)', title: 'Validation and testing procedures, metrics and results', fields: ['development.validation_and_testing', 'performance'], required: true, part: 'annex-iv', section: '2' },
  { key: '13-f', clause: 'AIA-13-3(f)', label: '(f)', title: 'Logging', fields: ['logging'], required: false, part: 'art-13-3', section: '' },
];

const PARTS = ['document', 'applicability', 'device', 'software_items', 'chapters', 'documents', 'sbom', 'risk', 'ai', 'gspr', 'standards', 'declaration'];

/** The fake backend's stand-in for the model's validation (src-tauri/src/edit.rs):
 * a path must start with a part and exist up to its last step, and a value
 * must have the type of the value it replaces. */
function applyEdit(tf: TechFile, e: Edit): unknown {
  const segs = parsePath(e.path);
  if (!PARTS.includes(String(segs[0]))) throw new ApiError('edit.path', `\`${e.path}\`: no such part`);
  const old = getAt(tf, e.path);
  const parentPath = formatPath(segs.slice(0, -1));
  const parent = segs.length > 1 ? getAt(tf, parentPath) : tf;
  if (parent === null || typeof parent !== 'object') throw new ApiError('edit.path', `\`${e.path}\`: no such field or element`);
  if (e.op === 'set') {
    if (old === undefined && Array.isArray(parent)) throw new ApiError('edit.path', `\`${e.path}\`: no such element`);
    if (old !== undefined && old !== null && e.value !== null && (typeof old !== typeof e.value || Array.isArray(old) !== Array.isArray(e.value))) {
      throw new ApiError('edit.invalid', `\`${e.path}\`: invalid type: expected ${Array.isArray(old) ? 'a sequence' : typeof old}`);
    }
    setAt(tf, e.path, structuredClone(e.value));
    return structuredClone(e.value);
  }
  const ok = e.op === 'insert' ? insertAt(tf, e.path, structuredClone(e.value)) : removeAt(tf, e.path);
  if (!ok) throw new ApiError('edit.path', `\`${e.path}\`: no such element`);
  return e.op === 'insert' ? structuredClone(e.value) : null;
}

export class FakeApi implements Api {
  calls: Call[] = [];
  /** What the next dialog answers: a path, or null for "cancelled". */
  dialogAnswer: string | null = '/tmp/chosen.techfile.json';
  /** Files "on disk". */
  files = new Map<string, TechFile>();
  initialPath: string | null = null;
  failNext: ApiError | null = null;
  /** The fake's rules; tests add findings the real backend would give. */
  rules: (tf: TechFile) => Finding[] = fakeCheck;
  /** The fake's coverage: MDR Annex II 1.1(a) answered by the trade name and
   * description, Annex III by nothing. */
  coverage = (tf: TechFile): Figure[] => [
    {
      framework: 'mdr-annex-ii',
      answered: [tf.device.trade_name, tf.device.description].filter((x) => x.trim()).length,
      total: 2,
    },
    { framework: 'mdr-annex-iii', answered: 0, total: 4 },
  ];
  /** The project the fake backend holds, as the real one does. */
  held: TechFile | null = null;
  heldPath: string | null = null;
  revision = 0;
  #saved = '';
  /** The undo history, as whole-project JSON before and after each step
   * (the real backend keeps only what a step touched). */
  #undo: { before: string; after: string }[] = [];
  #redo: { before: string; after: string }[] = [];
  /** What the next opened project finds as its recovery file, and what it holds. */
  recoveryOffer: RecoveryOffer | null = null;
  recovered: TechFile | null = null;
  /** Where the fake's preview prints a model path (the real one reads the
   * PDF's anchors): nowhere unless a test says. */
  locate: (path: string) => Located | null = () => null;

  constructor(public initial: TechFile = sampleTechFile()) {}

  #maybeFail() {
    const e = this.failNext;
    this.failNext = null;
    if (e) throw e;
  }

  #project(): TechFile {
    if (!this.held) throw new ApiError('session.none', 'no project is open');
    return this.held;
  }

  #hold(tf: TechFile, path: string | null): Opened {
    this.held = structuredClone(tf);
    this.heldPath = path;
    this.revision = 0;
    this.#saved = JSON.stringify(this.held);
    this.#undo = [];
    this.#redo = [];
    const recovery = this.recoveryOffer;
    return {
      path,
      techfile: structuredClone(this.held),
      findings: this.rules(this.held),
      revision: 0,
      dirty: false,
      coverage: this.coverage(this.held),
      migrated: null,
      can_undo: false,
      can_redo: false,
      recovery: recovery ? { ...recovery } : null,
    };
  }

  get dirty(): boolean {
    return this.held !== null && JSON.stringify(this.held) !== this.#saved;
  }

  #update(changed: Change[]): Update {
    return {
      revision: this.revision,
      dirty: this.dirty,
      changed,
      findings: this.rules(this.#project()),
      coverage: this.coverage(this.#project()),
      can_undo: this.#undo.length > 0,
      can_redo: this.#redo.length > 0,
    };
  }

  #record(before: string) {
    const after = JSON.stringify(this.#project());
    if (after === before) return;
    this.#undo.push({ before, after });
    this.#redo = [];
  }

  /** Parts that differ between two whole-project JSON texts, whole, as they are in `now`. */
  #partsChanged(was: string, now: TechFile): Change[] {
    const a = JSON.parse(was) as Record<string, unknown>;
    const b = now as unknown as Record<string, unknown>;
    return Object.keys(b)
      .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
      .map((k) => ({ path: k, value: structuredClone(b[k]) }));
  }

  #step(from: { before: string; after: string }[], to: { before: string; after: string }[], back: boolean): Update {
    const step = from.pop();
    if (!step) return this.#update([]);
    const was = JSON.stringify(this.#project());
    this.held = JSON.parse(back ? step.before : step.after) as TechFile;
    to.push(step);
    this.revision += 1;
    return this.#update(this.#partsChanged(was, this.held));
  }

  /** Runs an import: `change` edits the held project; the answer carries the parts it changed. */
  #change(change: (tf: TechFile) => void): Update {
    const tf = this.#project();
    const before = structuredClone(tf);
    const text = JSON.stringify(tf);
    change(tf);
    this.#record(text);
    const now = tf as unknown as Record<string, unknown>;
    const was = before as unknown as Record<string, unknown>;
    const parts = Object.keys(now).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(was[k]));
    if (parts.length) this.revision += 1;
    return this.#update(parts.map((p) => ({ path: p, value: structuredClone(now[p]) })));
  }

  /** Started with nothing to open: `initialProject` answers null (the
   * start screen), as the app started without a project or `--example`. */
  startEmpty = false;

  async initialProject(): Promise<Opened | null> {
    this.calls.push({ cmd: 'initialProject' });
    this.#maybeFail();
    if (this.startEmpty && this.held === null) return null;
    return this.#hold(this.initial, this.initialPath);
  }

  /** The empty project `newProject(false)` opens (the example is `initial`). */
  empty: TechFile = (() => {
    const tf = sampleTechFile();
    tf.document.title = 'Technical documentation';
    tf.device.trade_name = '';
    tf.chapters = [];
    return tf;
  })();

  async newProject(example: boolean): Promise<Opened | null> {
    this.calls.push({ cmd: 'newProject', example });
    this.#maybeFail();
    return this.#hold(example ? this.initial : this.empty, null);
  }

  async openProject(): Promise<Opened | null> {
    this.calls.push({ cmd: 'openProject' });
    this.#maybeFail();
    if (this.dialogAnswer === null) return null;
    const tf = this.files.get(this.dialogAnswer);
    if (!tf) throw new ApiError('store.read', `${this.dialogAnswer}: cannot read`);
    return this.#hold(tf, this.dialogAnswer);
  }

  async edit(edits: Edit[]): Promise<Update> {
    this.calls.push({ cmd: 'edit', edits: structuredClone(edits) });
    this.#maybeFail();
    // All or none, as the backend does.
    const text = JSON.stringify(this.#project());
    const work = structuredClone(this.#project());
    const changed: Change[] = [];
    for (const e of edits) {
      const value = applyEdit(work, e);
      if (e.op !== 'remove') changed.push({ path: e.path, value });
    }
    this.held = work;
    if (edits.length) this.revision += 1;
    this.#record(text);
    return this.#update(changed);
  }

  async valueAt(path: string): Promise<unknown> {
    this.calls.push({ cmd: 'valueAt', path });
    const v = getAt(this.#project(), path);
    if (v === undefined) throw new ApiError('edit.path', `\`${path}\`: no such field or element`);
    return structuredClone(v);
  }

  async saveProject(path: string | null): Promise<Saved | null> {
    this.calls.push({ cmd: 'saveProject', path });
    this.#maybeFail();
    const target = path ?? this.dialogAnswer;
    if (target === null) return null;
    const tf = this.#project();
    this.files.set(target, structuredClone(tf));
    this.heldPath = target;
    this.#saved = JSON.stringify(tf);
    return { path: target, revision: this.revision, dirty: false };
  }

  /** While set, a long task (an export, an SBOM import, a dropped SBOM)
   * waits for it, and `taskReport` is what `taskProgress` answers (tests of
   * the progress bar and Cancel). */
  taskGate: Promise<void> | null = null;
  taskReport: TaskProgress | null = null;
  #taskCancelled = false;

  /** Waits for `taskGate`; rejects with `code` if Cancel was pressed meanwhile. */
  async #longTask(code: string) {
    if (!this.taskGate) return;
    this.#taskCancelled = false;
    await this.taskGate;
    this.taskReport = null;
    if (this.#taskCancelled) throw new ApiError(code, 'cancelled; nothing changed');
  }

  async exportProject(format: ExportFormat, part?: ExportPart): Promise<string | null> {
    this.calls.push(part ? { cmd: 'exportProject', format, part } : { cmd: 'exportProject', format });
    this.#maybeFail();
    await this.#longTask('pdf.cancelled');
    if (this.dialogAnswer === null) return null;
    const ext = format === 'pdf' ? '.pdf' : '.md';
    return this.dialogAnswer.replace(/\.techfile\.json$|\.json$/, part ? `-${part}${ext}` : ext);
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

  async importModelCard(): Promise<ModelCardImport | null> {
    this.calls.push({ cmd: 'importModelCard' });
    this.#maybeFail();
    const ai = this.modelCardAi;
    if (this.dialogAnswer === null || ai === null) return null;
    const update = this.#change((tf) => (tf.ai = structuredClone(ai)));
    const systems = ai.systems.map((s) => s.name);
    return { update, imported: systems.length, systems, warnings: ['not mapped: tags'], format: 'Hugging Face model card' };
  }

  /** The risk part a risk-table import yields; null makes it answer "cancelled". */
  importedRisk: RiskPart | null = null;

  async riskView(): Promise<RiskView> {
    this.calls.push({ cmd: 'riskView' });
    const part = this.#project().risk as RiskPart | undefined;
    if (!part) throw new ApiError('risk.none', 'no risk part');
    return fakeRiskView(part);
  }

  async importRisks(withMapping: boolean): Promise<RiskImport | null> {
    this.calls.push({ cmd: 'importRisks', withMapping });
    this.#maybeFail();
    const risk = this.importedRisk;
    if (this.dialogAnswer === null || risk === null) return null;
    const update = this.#change((tf) => (tf.risk = structuredClone(risk)));
    return { update, imported: risk.entries.length, replaced: 0, warnings: ['row 3, column F "severity": severity `Huge` is not a level of the plan'] };
  }

  async exportRisks(format: RiskTableFormat): Promise<string | null> {
    this.calls.push({ cmd: 'exportRisks', format });
    this.#maybeFail();
    if (this.dialogAnswer === null) return null;
    return format === 'risks-xlsx' ? '/tmp/risk-table.xlsx' : '/tmp/risk-table.csv';
  }

  /** The sbom part an SBOM import yields; null makes it answer "cancelled". */
  importedSbom: SbomPart | null = null;

  async importSbom(item: string | null): Promise<SbomImport | null> {
    this.calls.push({ cmd: 'importSbom', item });
    this.#maybeFail();
    const sbom = this.importedSbom;
    if (this.dialogAnswer === null || sbom === null) return null;
    await this.#longTask('sbom.cancelled');
    const update = this.#change((tf) => (tf.sbom = structuredClone(sbom)));
    return { update, imported: sbom.components.length, item: item ?? 'app', added: [], removed: [], changed: [], warnings: [] };
  }

  /** The vulnerabilities a VEX import yields; null makes it answer "cancelled". */
  importedVex: SbomPart['vulnerabilities'] | null = null;

  async importVex(): Promise<VexImport | null> {
    this.calls.push({ cmd: 'importVex' });
    this.#maybeFail();
    const vulns = this.importedVex;
    if (this.dialogAnswer === null || vulns === null) return null;
    const update = this.#change((tf) => ((tf.sbom as SbomPart).vulnerabilities = structuredClone(vulns)));
    return { update, imported: vulns.length, warnings: [] };
  }

  /** What a comparison answers; null makes it answer "cancelled". */
  compared: Compared | null = null;

  async compareWith(backup: boolean): Promise<Compared | null> {
    this.calls.push({ cmd: 'compareWith', backup });
    this.#maybeFail();
    return this.compared ? structuredClone(this.compared) : null;
  }

  async undo(): Promise<Update> {
    this.calls.push({ cmd: 'undo' });
    this.#maybeFail();
    return this.#step(this.#undo, this.#redo, true);
  }

  async redo(): Promise<Update> {
    this.calls.push({ cmd: 'redo' });
    this.#maybeFail();
    return this.#step(this.#redo, this.#undo, false);
  }

  async restoreRecovery(): Promise<Update> {
    this.calls.push({ cmd: 'restoreRecovery' });
    this.#maybeFail();
    const tf = this.recovered;
    if (!this.recoveryOffer || !tf) throw new ApiError('recovery.none', 'there is no recovery file to restore');
    if (this.recoveryOffer.error) throw new ApiError('recovery.read', this.recoveryOffer.error);
    this.recoveryOffer = null;
    return this.#change((held) => Object.assign(held, structuredClone(tf)));
  }

  async discardRecovery(): Promise<void> {
    this.calls.push({ cmd: 'discardRecovery' });
    this.#maybeFail();
    this.recoveryOffer = null;
  }

  /** The files "on disk" the register commands see: path -> SHA-256
   * (absent: missing). */
  hashes = new Map<string, string>();
  /** A few requirements of MDR Annex I (the real catalogue comes from techfile::gspr). */
  requirements: GsprRequirement[] = [
    { id: 'MDR-I-1', title: 'Performance and safety', heading: false, needs_row: true },
    { id: 'MDR-I-17', title: 'Electronic programmable systems', heading: true, needs_row: false },
    { id: 'MDR-I-17.2', title: 'Software developed to the state of the art', heading: false, needs_row: true },
  ];
  declaration = '# EU declaration of conformity\n\n*Declaration DoC-1.*\n\n1. **Manufacturer** (MDR Annex IV 1). Acme Medical GmbH\n1. **Signed** (MDR Annex IV 10). B. Boss\n';

  async addDocumentFile(index: number | null): Promise<DocumentFile | null> {
    this.calls.push({ cmd: 'addDocumentFile', index });
    this.#maybeFail();
    const picked = this.dialogAnswer;
    if (picked === null) return null;
    const sha256 = this.hashes.get(picked);
    if (sha256 === undefined) throw new ApiError('register.read', `${picked}: cannot read the chosen file`);
    const file = picked.replace(/^\/tmp\/project\//, '');
    let at = index ?? this.#project().documents.length;
    const update = this.#change((tf) => {
      if (index === null) tf.documents.push({ ...emptyDocument(), title: file.replace(/^.*\/|\.[^.]*$/g, ''), file, sha256 });
      else Object.assign(tf.documents[index], { file, sha256 });
      at = index ?? tf.documents.length - 1;
    });
    return { update, index: at, file, sha256, size: 1234, note: null };
  }

  async verifyDocuments(): Promise<FileCheck[]> {
    this.calls.push({ cmd: 'verifyDocuments' });
    this.#maybeFail();
    return this.#project().documents.map((d, index): FileCheck => {
      const actual = this.hashes.get(`/tmp/project/${d.file}`) ?? null;
      const base = { index, document_id: d.document_id, file: d.file, recorded: d.sha256, actual };
      if (!d.file) return { ...base, state: 'no-file', message: 'no file is registered' };
      if (actual === null) return { ...base, state: 'missing', message: `/tmp/project/${d.file}: no such file` };
      if (!d.sha256) return { ...base, state: 'unrecorded', message: `no SHA-256 recorded; it is ${actual}` };
      return actual === d.sha256
        ? { ...base, state: 'unchanged', message: `/tmp/project/${d.file}: unchanged` }
        : { ...base, state: 'changed', message: `/tmp/project/${d.file}: changed: its SHA-256 is ${actual}` };
    });
  }

  async gsprRequirements(): Promise<GsprRequirement[]> {
    this.calls.push({ cmd: 'gsprRequirements' });
    return structuredClone(this.requirements);
  }

  async declarationMarkdown(): Promise<string> {
    this.calls.push({ cmd: 'declarationMarkdown' });
    this.#maybeFail();
    return this.declaration;
  }

  async clauseCatalogue(): Promise<ClauseItem[]> {
    this.calls.push({ cmd: 'clauseCatalogue' });
    return structuredClone(sampleClauses);
  }

  async taskProgress(): Promise<TaskProgress | null> {
    this.calls.push({ cmd: 'taskProgress' });
    return this.taskReport ? { ...this.taskReport } : null;
  }

  async cancelTask(): Promise<boolean> {
    this.calls.push({ cmd: 'cancelTask' });
    if (!this.taskReport) return false;
    this.#taskCancelled = true;
    this.taskReport = { ...this.taskReport, cancelling: true };
    return true;
  }

  /** The recent list: the projects opened or saved through the fake, most
   * recent first (tests may set it). */
  recent: string[] = [];

  async recentFiles(): Promise<RecentFile[]> {
    this.calls.push({ cmd: 'recentFiles' });
    return this.recent.map((path) => ({
      path,
      name: path.split('/').pop() ?? path,
      exists: this.files.has(path),
    }));
  }

  async openRecent(path: string): Promise<Opened | null> {
    this.calls.push({ cmd: 'openRecent', path });
    this.#maybeFail();
    if (!this.recent.includes(path)) throw new ApiError('recent.unknown', `${path}: not on the recent list`);
    const tf = this.files.get(path);
    if (!tf) throw new ApiError('store.read', `${path}: cannot read`);
    return this.#hold(tf, path);
  }

  /** What a dropped file does to the project (tests set it; `item` is the
   * user's answer to `drop.choose_item`); unset, a drop is refused as the
   * backend refuses an unknown kind. */
  dropped:
    | ((tf: TechFile, name: string, item: string | null) => Omit<DropImport, 'update' | 'item'> & { item?: string | null })
    | null = null;
  /** The software item a dropped SBOM describes: as the backend does, a
   * project with several items, none of them this one, is asked about. */
  droppedSubject: string | null = null;

  async importDropped(name: string, bytes: Uint8Array, item: string | null = null): Promise<DropImport> {
    this.calls.push({ cmd: 'importDropped', name, size: bytes.length, item });
    this.#maybeFail();
    const how = this.dropped;
    if (!how) throw new ApiError('drop.kind', `${name}: not imported: expected an SBOM, a VEX, a risk table or a model card`);
    const items = this.#project().software_items.map((i) => i.name);
    if (item !== null && !items.includes(item)) {
      throw new ApiError('sbom.unknown_item', `software item \`${item}\` does not exist`);
    }
    const subject = this.droppedSubject;
    if (item === null && subject !== null && items.length > 1 && !items.includes(subject)) {
      throw new ApiError('drop.choose_item', `${name}: which software item does this SBOM belong to?`);
    }
    await this.#longTask('sbom.cancelled');
    let r!: Omit<DropImport, 'update' | 'item'> & { item?: string | null };
    const update = this.#change((held) => {
      r = how(held, name, item);
    });
    return { item: null, ...r, update };
  }

  async renderChapterPreview(markdown: string): Promise<string> {
    this.calls.push({ cmd: 'renderChapterPreview', markdown });
    this.#maybeFail();
    return fakePreview(markdown);
  }

  /** The documents and risk entries by id and the device's text fields by
   * path (the real list comes from techfile::refs::targets). */
  async referenceTargets(): Promise<ReferenceTarget[]> {
    this.calls.push({ cmd: 'referenceTargets' });
    this.#maybeFail();
    const tf = this.#project();
    return [
      ...tf.documents.filter((d) => d.document_id).map((d) => ({ kind: 'doc' as const, reference: `doc:${d.document_id}`, detail: d.title })),
      ...tf.risk.entries.filter((e) => e.id).map((e) => ({ kind: 'risk' as const, reference: `risk:${e.id}`, detail: e.hazard })),
      ...Object.entries(tf.device)
        .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '')
        .map(([k, v]) => ({ kind: 'path' as const, reference: `device.${k}`, detail: v })),
    ];
  }

  async previewLocate(path: string): Promise<Located | null> {
    this.calls.push({ cmd: 'previewLocate', path });
    this.#maybeFail();
    return this.locate(path);
  }

  async previewPdf(): Promise<Uint8Array> {
    this.calls.push({ cmd: 'previewPdf' });
    this.#maybeFail();
    return tinyPdf(this.#project().device.trade_name);
  }

  callsOf<K extends Call['cmd']>(cmd: K): Extract<Call, { cmd: K }>[] {
    return this.calls.filter((c): c is Extract<Call, { cmd: K }> => c.cmd === cmd);
  }
}
