// The one adapter between the UI and the desktop backend. Every call to Tauri
// goes through here, so the rest of the UI is tested against a fake `Api`
// without a webview (see `fake.ts`). Command names and argument names match
// src-tauri/src/commands.rs and the *_commands.rs files. The backend holds
// the open project: the UI sends edits (`edit`), never the whole project.

import { getContext, setContext } from 'svelte';
import type { AiItem, ModelCardImport } from './ai';
import type { ClauseItem } from './chapters';
import type { Located } from './preview.svelte';
import type { ReferenceTarget } from './references';
import type { RiskImport, RiskTableFormat, RiskView } from './risk';
import type { DocumentFile, FileCheck, GsprRequirement } from './registers';
import type { SbomImport, VexImport } from './sbom';
import type { Compared, Edit, ExportFormat, ExportPart, DropImport, Opened, RecentFile, Saved, TaskProgress, Update } from './types';

/** An error as it crosses IPC: the UI branches on `code`, shows `message`. */
export class ApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Api {
  /** The project to show at start: a path given on the command line or in
   * `TECHFILE_OPEN`, the bundled example with `--example` (or, after a
   * reload of the window, the project the backend holds); null when none
   * was asked for, and the UI shows its start screen. */
  initialProject(): Promise<Opened | null>;
  /** A new untitled project, the bundled example when `example` (after
   * the unsaved-changes question); null when the user keeps the open one. */
  newProject(example: boolean): Promise<Opened | null>;
  /** Shows the native open dialog (after asking about unsaved changes);
   * null when the user cancels. */
  openProject(): Promise<Opened | null>;
  /** Applies `edits` to the backend's project, in order, all or none; a
   * refused edit rejects with an ApiError naming the field path. */
  edit(edits: Edit[]): Promise<Update>;
  /** The backend's value at a model path (to take back a refused edit). */
  valueAt(path: string): Promise<unknown>;
  /** Saves the backend's project to `path`, or asks where through the
   * native save dialog when `path` is null; null when the user cancels. */
  saveProject(path: string | null): Promise<Saved | null>;
  /** Exports the backend's project through the native save dialog; the
   * written path, or null. */
  exportProject(format: ExportFormat, part?: ExportPart): Promise<string | null>;
  /** Tells the window whether there are unsaved changes (title mark and the
   * close warning) and what the window title is. */
  setDirty(dirty: boolean, title: string): Promise<void>;
  /** The AI Act Annex IV / Art. 13(3) items the AI view's form is built from. */
  aiCatalogue(): Promise<AiItem[]>;
  /** Imports a model card chosen in the native open dialog; null when cancelled. */
  importModelCard(): Promise<ModelCardImport | null>;
  /** The computed risk view (initial/residual risk, heat maps) of the project. */
  riskView(): Promise<RiskView>;
  /** Imports a risk table (after a mapping file, with `withMapping`) chosen in the native open dialog; null when cancelled. */
  importRisks(withMapping: boolean): Promise<RiskImport | null>;
  /** Exports the risk table through the native save dialog; the written path, or null. */
  exportRisks(format: RiskTableFormat): Promise<string | null>;
  /** Imports an SBOM chosen in the native open dialog into software item `item` (from the SBOM when null); null when cancelled. */
  importSbom(item: string | null): Promise<SbomImport | null>;
  /** Applies a VEX file (CycloneDX VEX, OpenVEX) chosen in the native open dialog to the project's vulnerabilities; null when cancelled. */
  importVex(): Promise<VexImport | null>;
  /** Compares the open project with its backup (`.bak`) or with a version
   * chosen in the native open dialog; null when cancelled. */
  compareWith(backup: boolean): Promise<Compared | null>;
  /** Takes back the backend's last edit batch or import; the parts it
   * changed come back whole. Nothing to undo: an update without changes. */
  undo(): Promise<Update>;
  /** Does again what the last undo took back. */
  redo(): Promise<Update>;
  /** Restores the recovery file offered at open (`Opened.recovery`) as
   * unsaved changes; the project file is untouched until a save. */
  restoreRecovery(): Promise<Update>;
  /** Removes the recovery file offered at open. */
  discardRecovery(): Promise<void>;
  /** Adds a file chosen in the native open dialog to the document register
   * (row `index`, or a new row when null): path relative to the project,
   * SHA-256 computed by the backend; null when cancelled. */
  addDocumentFile(index: number | null): Promise<DocumentFile | null>;
  /** Recomputes the SHA-256 of every registered file and compares it with
   * the register (changed, missing, unchanged, ...), row by row. */
  verifyDocuments(): Promise<FileCheck[]>;
  /** The requirements of MDR Annex I the GSPR matrix is built on. */
  gsprRequirements(): Promise<GsprRequirement[]>;
  /** The EU declaration of conformity as the library exports it (Markdown). */
  declarationMarkdown(): Promise<string>;
  /** The clause catalogue chapters are tagged from, each marked applicable
   * or not for the open project. */
  clauseCatalogue(): Promise<ClauseItem[]>;
  /** A chapter body rendered as the export renders it, as sanitised HTML. */
  renderChapterPreview(markdown: string): Promise<string>;
  /** Everything a `[[...]]` reference can name in the open project. */
  referenceTargets(): Promise<ReferenceTarget[]>;
  /** Where the running long task (an export, an SBOM import) is; null when
   * none runs (polled while one may run, for the progress bar). */
  taskProgress(): Promise<TaskProgress | null>;
  /** Asks the running task to stop at its next checkpoint; false when none
   * runs. The task then rejects with its `*.cancelled` code
   * (`pdf.cancelled`, `sbom.cancelled`), having changed nothing. */
  cancelTask(): Promise<boolean>;
  /** The recent projects, most recent first (opened or saved). */
  recentFiles(): Promise<RecentFile[]>;
  /** Opens a project of the recent list (after the unsaved-changes
   * question); null when the user keeps the open one. */
  openRecent(path: string): Promise<Opened | null>;
  /** Imports a file dropped on the window (its bytes; the backend tells
   * SBOM, VEX, risk table or model card from the name and content). An
   * SBOM that names none of the project's several software items is
   * refused with `drop.choose_item`: sent again with `item`, it goes there. */
  importDropped(name: string, bytes: Uint8Array, item?: string | null): Promise<DropImport>;
  /** Where the object a model path names is printed in the last preview
   * PDF (its anchor and 1-based page); null when nowhere. */
  previewLocate(path: string): Promise<Located | null>;
  /** The open project (as edited) exported to PDF as "Export PDF…" writes it. */
  previewPdf(): Promise<Uint8Array>;
}

const API_KEY = Symbol('api');

/** Makes the adapter available to views that call the backend themselves. */
export function provideApi(api: Api) {
  setContext(API_KEY, api);
}

export function useApi(): Api | undefined {
  return getContext<Api>(API_KEY);
}

type Invoke = <T>(
  cmd: string,
  args?: Record<string, unknown> | Uint8Array,
  options?: { headers: Record<string, string> },
) => Promise<T>;

function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const { code, message } = e as { code: unknown; message: unknown };
    return new ApiError(String(code), String(message));
  }
  return new ApiError('ipc', e instanceof Error ? e.message : String(e));
}

/** The real adapter, over Tauri's `invoke`. */
export function tauriApi(invoke: Invoke): Api {
  const call = async <T>(
    cmd: string,
    args?: Record<string, unknown> | Uint8Array,
    options?: { headers: Record<string, string> },
  ): Promise<T> => {
    try {
      return await invoke<T>(cmd, args, options);
    } catch (e) {
      throw toApiError(e);
    }
  };
  return {
    initialProject: () => call<Opened | null>('initial_project'),
    newProject: (example) => call<Opened | null>('new_project', { example }),
    openProject: () => call<Opened | null>('open_project'),
    edit: (edits) => call<Update>('edit', { edits }),
    valueAt: (path) => call<unknown>('value_at', { path }),
    saveProject: (path) => call<Saved | null>('save_project', { path }),
    exportProject: (format, part) => call<string | null>('export_project', { format, part: part ?? null }),
    setDirty: (dirty, title) => call<void>('set_dirty', { dirty, title }),
    aiCatalogue: () => call<AiItem[]>('ai_catalogue'),
    importModelCard: () => call<ModelCardImport | null>('import_model_card'),
    riskView: () => call<RiskView>('risk_view'),
    importRisks: (withMapping) => call<RiskImport | null>('import_risks', { withMapping }),
    exportRisks: (format) => call<string | null>('export_risks', { format }),
    importSbom: (item) => call<SbomImport | null>('import_sbom', { item }),
    importVex: () => call<VexImport | null>('import_vex'),
    compareWith: (backup) => call<Compared | null>('compare_with', { backup }),
    undo: () => call<Update>('undo'),
    redo: () => call<Update>('redo'),
    restoreRecovery: () => call<Update>('restore_recovery'),
    discardRecovery: () => call<void>('discard_recovery'),
    addDocumentFile: (index) => call<DocumentFile | null>('add_document_file', { index }),
    verifyDocuments: () => call<FileCheck[]>('verify_documents'),
    gsprRequirements: () => call<GsprRequirement[]>('gspr_requirements'),
    declarationMarkdown: () => call<string>('declaration_markdown'),
    clauseCatalogue: () => call<ClauseItem[]>('clause_catalogue'),
    renderChapterPreview: (markdown) => call<string>('render_chapter_preview', { markdown }),
    referenceTargets: () => call<ReferenceTarget[]>('reference_targets'),
    taskProgress: () => call<TaskProgress | null>('task_progress'),
    cancelTask: () => call<boolean>('cancel_task'),
    recentFiles: () => call<RecentFile[]>('recent_files'),
    openRecent: (path) => call<Opened | null>('open_recent', { path }),
    importDropped: (name, bytes, item = null) =>
      call<DropImport>('import_dropped', bytes, {
        headers: {
          'x-file-name': encodeURIComponent(name),
          ...(item ? { 'x-item': encodeURIComponent(item) } : {}),
        },
      }),
    previewLocate: (path) => call<Located | null>('preview_locate', { path }),
    // Raw bytes (tauri::ipc::Response): an ArrayBuffer, not JSON.
    previewPdf: async () => new Uint8Array(await call<ArrayBuffer>('preview_pdf')),
  };
}

export { toApiError };
