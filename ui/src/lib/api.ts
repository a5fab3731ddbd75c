// The one adapter between the UI and the desktop backend. Every call to Tauri
// goes through here, so the rest of the UI is tested against a fake `Api`
// without a webview (see `fake.ts`). Command names and argument names match
// src-tauri/src/commands.rs.

import { getContext, setContext } from 'svelte';
import type { AiItem, ModelCardImport } from './ai';
import type { RiskImport, RiskTableFormat, RiskView } from './risk';
import type { SbomImport, VexImport } from './sbom';
import type { ExportFormat, Finding, Opened, TechFile } from './types';

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
   * `TECHFILE_OPEN`, else the bundled example. */
  initialProject(): Promise<Opened>;
  /** Shows the native open dialog; null when the user cancels. */
  openProject(): Promise<Opened | null>;
  /** Saves to `path`, or asks where through the native save dialog when
   * `path` is null. Returns the saved path, or null when the user cancels. */
  saveProject(techfile: TechFile, path: string | null): Promise<string | null>;
  /** Runs every rule of `techfile::check`. */
  check(techfile: TechFile): Promise<Finding[]>;
  /** Exports through the native save dialog; the written path, or null. */
  exportProject(techfile: TechFile, format: ExportFormat): Promise<string | null>;
  /** Tells the window whether there are unsaved changes (title mark and the
   * close warning) and what the window title is. */
  setDirty(dirty: boolean, title: string): Promise<void>;
  /** The AI Act Annex IV / Art. 13(3) items the AI view's form is built from. */
  aiCatalogue(): Promise<AiItem[]>;
  /** Imports a model card chosen in the native open dialog into `techfile`;
   * null when the user cancels. */
  importModelCard(techfile: TechFile): Promise<ModelCardImport | null>;
  /** The computed risk view (initial/residual risk, heat maps) of `techfile`. */
  riskView(techfile: TechFile): Promise<RiskView>;
  /** Imports a risk table (after a mapping file, with `withMapping`) chosen in the native open dialog; null when cancelled. */
  importRisks(techfile: TechFile, withMapping: boolean): Promise<RiskImport | null>;
  /** Exports the risk table through the native save dialog; the written path, or null. */
  exportRisks(techfile: TechFile, format: RiskTableFormat): Promise<string | null>;
  /** Imports an SBOM chosen in the native open dialog into software item `item` (from the SBOM when null); null when cancelled. */
  importSbom(techfile: TechFile, item: string | null): Promise<SbomImport | null>;
  /** Applies a VEX file (CycloneDX VEX, OpenVEX) chosen in the native open dialog to the vulnerabilities of `techfile`; null when cancelled. */
  importVex(techfile: TechFile): Promise<VexImport | null>;
}

const API_KEY = Symbol('api');

/** Makes the adapter available to views that call the backend themselves. */
export function provideApi(api: Api) {
  setContext(API_KEY, api);
}

export function useApi(): Api | undefined {
  return getContext<Api>(API_KEY);
}

type Invoke = <T>(cmd: string, args?: Record<string, unknown>) => Promise<T>;

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
  const call = async <T>(cmd: string, args?: Record<string, unknown>): Promise<T> => {
    try {
      return await invoke<T>(cmd, args);
    } catch (e) {
      throw toApiError(e);
    }
  };
  return {
    initialProject: () => call<Opened>('initial_project'),
    openProject: () => call<Opened | null>('open_project'),
    saveProject: (techfile, path) => call<string | null>('save_project', { techfile, path }),
    check: (techfile) => call<Finding[]>('check_project', { techfile }),
    exportProject: (techfile, format) =>
      call<string | null>('export_project', { techfile, format }),
    setDirty: (dirty, title) => call<void>('set_dirty', { dirty, title }),
    aiCatalogue: () => call<AiItem[]>('ai_catalogue'),
    importModelCard: (techfile) => call<ModelCardImport | null>('import_model_card', { techfile }),
    riskView: (techfile) => call<RiskView>('risk_view', { techfile }),
    importRisks: (techfile, withMapping) => call<RiskImport | null>('import_risks', { techfile, withMapping }),
    exportRisks: (techfile, format) => call<string | null>('export_risks', { techfile, format }),
    importSbom: (techfile, item) => call<SbomImport | null>('import_sbom', { techfile, item }),
    importVex: (techfile) => call<VexImport | null>('import_vex', { techfile }),
  };
}

export { toApiError };
