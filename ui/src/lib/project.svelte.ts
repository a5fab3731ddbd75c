// The open project and everything the shell does with it: open, save, export,
// re-check as the user edits, and whether there are unsaved changes. Views
// only edit `project.tf` in place; this class notices through `json`.

import { toApiError, type Api } from './api';
import type { ExportFormat, Finding, TechFile } from './types';

export type NoticeKind = 'info' | 'success' | 'error';

export interface Notice {
  kind: NoticeKind;
  text: string;
}

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

export class Project {
  tf = $state<TechFile | null>(null);
  path = $state<string | null>(null);
  findings = $state<Finding[]>([]);
  notice = $state<Notice | null>(null);
  busy = $state(false);
  /** JSON of the last opened or saved state; dirty means `json` differs. */
  savedJson = $state('');
  /** How many check runs are pending or running (for a "checking" hint). */
  checking = $state(0);

  json = $derived(this.tf ? JSON.stringify(this.tf) : '');
  dirty = $derived(this.tf !== null && this.json !== this.savedJson);
  name = $derived(this.path ? baseName(this.path) : 'Example (not saved)');
  title = $derived(`${this.dirty ? '• ' : ''}${this.name} — Techfile`);

  #timer: ReturnType<typeof setTimeout> | null = null;
  #checkSeq = 0;
  #lastCheckedJson = '';

  constructor(
    private readonly api: Api,
    private readonly debounceMs = 350,
  ) {}

  #fail(e: unknown, what: string) {
    const err = toApiError(e);
    this.notice = { kind: 'error', text: `${what}: ${err.message}` };
  }

  #adopt(tf: TechFile, path: string | null, findings: Finding[]) {
    this.tf = tf;
    this.path = path;
    this.findings = findings;
    this.savedJson = JSON.stringify(tf);
    this.#lastCheckedJson = this.savedJson;
  }

  async init() {
    this.busy = true;
    try {
      const o = await this.api.initialProject();
      this.#adopt(o.techfile, o.path, o.findings);
      this.notice = o.path
        ? { kind: 'info', text: `Opened ${o.path}` }
        : { kind: 'info', text: 'Showing the bundled example. Save it to keep your changes.' };
    } catch (e) {
      this.#fail(e, 'Could not open the project');
    } finally {
      this.busy = false;
    }
  }

  /** Opens another project. The backend asks before unsaved changes are
   * dropped (it knows them through `setDirty`) and answers null if not. */
  async open() {
    this.busy = true;
    try {
      const o = await this.api.openProject();
      if (o) {
        this.#adopt(o.techfile, o.path, o.findings);
        this.notice = { kind: 'info', text: `Opened ${o.path ?? 'project'}` };
      }
    } catch (e) {
      this.#fail(e, 'Could not open');
    } finally {
      this.busy = false;
    }
  }

  async save(saveAs = false): Promise<boolean> {
    if (!this.tf) return false;
    const snapshot = $state.snapshot(this.tf) as TechFile;
    const json = JSON.stringify(snapshot);
    this.busy = true;
    try {
      const saved = await this.api.saveProject(snapshot, saveAs ? null : this.path);
      if (saved === null) return false;
      this.path = saved;
      this.savedJson = json;
      this.notice = { kind: 'success', text: `Saved ${saved}` };
      return true;
    } catch (e) {
      this.#fail(e, 'Could not save');
      return false;
    } finally {
      this.busy = false;
    }
  }

  async exportAs(format: ExportFormat) {
    if (!this.tf) return;
    this.busy = true;
    try {
      const snapshot = $state.snapshot(this.tf) as TechFile;
      const out = await this.api.exportProject(snapshot, format);
      if (out !== null) {
        const what = format === 'pdf' ? 'PDF' : 'Markdown';
        this.notice = { kind: 'success', text: `Exported ${what} to ${out}` };
      }
    } catch (e) {
      this.#fail(e, 'Could not export');
    } finally {
      this.busy = false;
    }
  }

  /** Re-runs `check` a moment after the last edit. Stale answers (an edit
   * came in while a check ran) are dropped. */
  scheduleCheck() {
    if (!this.tf || this.json === this.#lastCheckedJson) return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.checkNow();
    }, this.debounceMs);
  }

  async checkNow() {
    if (!this.tf) return;
    const json = this.json;
    const seq = ++this.#checkSeq;
    this.checking++;
    try {
      const findings = await this.api.check($state.snapshot(this.tf) as TechFile);
      if (seq === this.#checkSeq) {
        this.findings = findings;
        this.#lastCheckedJson = json;
      }
    } catch (e) {
      this.#fail(e, 'Could not check');
    } finally {
      this.checking--;
    }
  }

  dispose() {
    if (this.#timer !== null) clearTimeout(this.#timer);
  }
}
