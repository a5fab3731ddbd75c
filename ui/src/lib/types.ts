// The project model and the findings as the backend sends them are
// re-exported from the declarations generated from the Rust types (src/model,
// src/diag.rs; see ./generated/techfile.ts for how to regenerate them). The
// rest is the edit protocol with the backend (src-tauri/src/edit.rs,
// session.rs): the backend holds the project; the UI renders its copy,
// changes it as the user types and sends each change as an `Edit` by model
// path, so parts it does not know never cross IPC again after opening.

export type {
  Approval,
  ConformityRoute,
  Device,
  DocumentControl,
  Figure,
  Finding,
  Framework,
  Manufacturer,
  Revision,
  RiskClass,
  Severity,
  TechFile,
  Variant,
} from './generated/techfile';

import type { Diff, Figure, Finding, TechFile } from './generated/techfile';

export type { Change as DiffChange, Detail as DiffDetail, Diff, Entry as DiffEntry, Section as DiffSection } from './generated/techfile';

/** The open project compared with an older version (src-tauri/src/release_commands.rs). */
export interface Compared {
  /** The older version's file. */
  against: string;
  diff: Diff;
  markdown: string;
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
  /** Required clauses answered per applicable framework. */
  coverage: Figure[];
  /** Set when the file was of an older schema version: what loading did and
   * what the next save writes. */
  migrated: string | null;
  /** Whether `undo` / `redo` have a step to take. */
  can_undo: boolean;
  can_redo: boolean;
  /** A recovery file of unsaved changes found for this project (after a
   * crash): restore or discard it. */
  recovery: RecoveryOffer | null;
}

/** A recovery file the backend found (src-tauri/src/recovery.rs `Offer`). */
export interface RecoveryOffer {
  file: string;
  /** When it was written, ms since the Unix epoch (0 when unreadable). */
  written_ms: number;
  /** Why it cannot be read; it can then only be discarded. */
  error: string | null;
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
   * as the model holds it (defaults filled in). After an import, an undo,
   * a redo or a restore: each top-level part it changed, whole. */
  changed: Change[];
  /** The findings of the whole project after the change. */
  findings: Finding[];
  /** Required clauses answered per applicable framework, after the change. */
  coverage: Figure[];
  /** Whether `undo` / `redo` have a step to take, after the change. */
  can_undo: boolean;
  can_redo: boolean;
}

export interface Saved {
  path: string;
  revision: number;
  dirty: boolean;
}

export type ExportFormat = 'markdown' | 'pdf';
/** A part exported on its own: the CRA profile of the non-device products. */
export type ExportPart = 'cra-profile';

/** What a file dropped on the window did (src-tauri/src/drop_commands.rs). */
export interface DropImport {
  kind: 'sbom' | 'vex' | 'risk-table' | 'model-card';
  name: string;
  imported: number;
  warnings: string[];
  update: Update;
  /** The software item an SBOM went to (null for the other kinds). */
  item: string | null;
}

/** A project of the recent list (src-tauri/src/recent.rs `RecentFile`). */
export interface RecentFile {
  path: string;
  name: string;
  exists: boolean;
}

/** Where the running long task is, an export or an SBOM import
 * (src-tauri/src/progress.rs `Report`). */
export interface TaskProgress {
  /** What runs, as the bar says it: "Exporting PDF", "Importing bom.json". */
  what: string;
  /** The last stage that ended, empty at the start. */
  stage: string;
  /** The share of the work done, 0 to 1. */
  done: number;
  /** Units counted in the running stage (an SBOM's components), if it counts. */
  count: { done: number; total: number; unit: string } | null;
  cancelling: boolean;
}
