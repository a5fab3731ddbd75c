// TypeScript view of the parts of `techfile::model::TechFile` that the UI
// edits (src/model/mod.rs, schema version 1). Parts other engineers own (sbom,
// risk, ai, chapters, ...) pass through untouched as `unknown`: the UI edits
// the JSON object in place and sends the whole object back, so nothing it
// does not know is lost.

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

/** A project as the backend hands it over: where it lives and what it says. */
export interface Opened {
  /** Absolute path of the project file; null for the unsaved bundled example. */
  path: string | null;
  techfile: TechFile;
  findings: Finding[];
}

export type ExportFormat = 'markdown' | 'pdf';
