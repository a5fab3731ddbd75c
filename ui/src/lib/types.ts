// TypeScript view of the parts of `techfile::model::TechFile` that the UI
// edits (src/model/mod.rs, schema version 1), and of the edit protocol with
// the backend (src-tauri/src/edit.rs, session.rs). The backend holds the
// project; the UI renders its copy, changes it as the user types and sends
// each change as an `Edit` by model path, so parts it does not know
// (chapters, ...) never cross IPC again after the project is opened.

export type RiskClass = 'I' | 'Is' | 'Im' | 'Ir' | 'IIa' | 'IIb' | 'III' | 'A' | 'B' | 'C' | 'D';

export type ConformityRoute =
  | 'self-declaration'
  | 'annex-ix'
  | 'annex-x-xi'
  | 'annex-xi-part-a';

export interface Revision {
  version: string;
  date: string;
  author: string;
  description: string;
}

export interface Approval {
  name: string;
  role: string;
  date: string;
  meaning: string;
}

export interface DocumentControl {
  document_id: string;
  title: string;
  version: string;
  date: string;
  revisions: Revision[];
  approvals: Approval[];
}

export interface Manufacturer {
  name: string;
  address: string;
  country: string;
  srn: string;
  email: string;
}

export interface Variant {
  name: string;
  description: string;
  udi_di: string;
}

export interface Device {
  trade_name: string;
  description: string;
  manufacturer: Manufacturer;
  basic_udi_di: string;
  udi_dis: string[];
  risk_class: RiskClass | null;
  classification_rule: string;
  intended_purpose: string;
  intended_users: string;
  patient_population: string;
  indications: string[];
  contraindications: string[];
  warnings: string[];
  principle_of_operation: string;
  qualification_rationale: string;
  novel_features: string;
  variants: Variant[];
  accessories: string[];
  key_functional_elements: string;
  previous_generations: string;
  notified_body: string;
  conformity_route: ConformityRoute | null;
  emdn_code: string;
}

export interface TechFile {
  schema_version: number;
  document: DocumentControl;
  device: Device;
  [part: string]: unknown;
}

export type Severity = 'error' | 'warning' | 'info';

/** One result of `techfile::check::check`. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** Field path such as `device.manufacturer.srn` or `document.approvals[0].date`. */
  path: string;
  message: string;
}

/** A project as the backend hands it over when it opens one. */
export interface Opened {
  /** Absolute path of the project file; null for the unsaved bundled example. */
  path: string | null;
  techfile: TechFile;
  findings: Finding[];
  /** Counts the backend's changes of the project. */
  revision: number;
  /** Whether the project differs from its file. */
  dirty: boolean;
}

/** One change of the project by model path (`risk.entries[3].severity`):
 * set a value (a field, a row, a list, a part), insert a list element
 * (`path` names the new index; the list's length appends), remove one. */
export type Edit =
  | { op: 'set'; path: string; value: unknown }
  | { op: 'insert'; path: string; value: unknown }
  | { op: 'remove'; path: string };

export interface Change {
  path: string;
  value: unknown;
}

/** What the backend answers to an edit or an import. */
export interface Update {
  revision: number;
  dirty: boolean;
  /** After an edit: one entry per set or insert, in order, with the value
   * as the model holds it (defaults filled in). After an import: each
   * top-level part the import changed, whole. */
  changed: Change[];
  /** The findings of the whole project after the change. */
  findings: Finding[];
}

export interface Saved {
  path: string;
  revision: number;
  dirty: boolean;
}

export type ExportFormat = 'markdown' | 'pdf';
