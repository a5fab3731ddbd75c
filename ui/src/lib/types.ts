// The project model and the findings as the backend sends them: re-exported
// from the declarations generated from the Rust types (src/model, src/diag.rs;
// see ./generated/techfile.ts for how to regenerate them). The UI edits the
// JSON object in place and sends the whole object back, so parts a view does
// not edit are returned unchanged.

export type {
  Approval,
  ConformityRoute,
  Device,
  DocumentControl,
  Finding,
  Manufacturer,
  Revision,
  RiskClass,
  Severity,
  TechFile,
  Variant,
} from './generated/techfile';

import type { Finding, TechFile } from './generated/techfile';

/** A project as the backend hands it over: where it lives and what it says. */
export interface Opened {
  /** Absolute path of the project file; null for the unsaved bundled example. */
  path: string | null;
  techfile: TechFile;
  findings: Finding[];
}

export type ExportFormat = 'markdown' | 'pdf';
