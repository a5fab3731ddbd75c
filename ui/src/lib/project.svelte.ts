// The open project as the UI sees it, and everything the shell does with it.
// The backend holds the project; `tf` is the UI's copy that the views render
// and bind to. Every change goes through the `Editor` methods by model path:
// the copy changes at once and the edit queues for the backend, which
// answers with the value it now holds there and the new findings.
//
// Edits are sent at once (or `debounceMs` after the last one, when set), one
// batch at a time: edits made while a batch is on its way wait for it and go
// together as the next, so the backend checks at most once per round trip
// however fast one types. Consecutive sets form one batch (the last set of a
// path wins), an insert or remove goes alone so that indices mean the same
// on both sides. There is no debounce by default: it would delay every
// keystroke's findings by its length (issue 13: edit to findings <= 100 ms),
// and the undo history joins a run of typing into one step by itself
// (src-tauri/src/session.rs `TYPING_PAUSE`).
// Every other backend call on the project (save, export, imports, the risk
// view, undo and redo) waits for the edits before it, so it sees them.
//
// The undo history is the backend's (src-tauri/src/history.rs): an edit
// batch or an import is one step. Undo and redo answer the parts they
// changed, whole; the copy takes them and the views start afresh
// (`epoch`), so every field shows the value restored.

import { getContext, setContext } from 'svelte';
import { toApiError, type Api } from './api';
import type { Editor } from './editor';
import { findingsShown, inputTime, now } from './latency';
import { formatPath, getAt, insertAt, isUnder, parsePath, partOf, removeAt, sameJson, setAt } from './paths';
import { Task } from './task.svelte';
import type { Edit, ExportFormat, ExportPart, Figure, Finding, Opened, RecoveryOffer, TechFile, Update } from './types';

export type NoticeKind = 'info' | 'success' | 'error';

export interface Notice {
  kind: NoticeKind;
  text: string;
}

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** An edit waiting to be sent, with the times of the inputs it stands for
 * (a set that replaced earlier sets of its path stands for theirs too). */
interface Queued {
  edit: Edit;
  inputs: number[];
}

export class Project implements Editor {
  tf = $state<TechFile | null>(null);
  path = $state<string | null>(null);
  /** Replaced whole by each answer, never changed in place: raw, so the
   * views read plain objects, not a deep proxy of every finding. */
  findings = $state.raw<Finding[]>([]);
  /** Required clauses answered per applicable framework (MDR Annex II, ...). */
  coverage = $state.raw<Figure[]>([]);
  notice = $state<Notice | null>(null);
  /** The backend's revision of the project after its last answer. */
  revision = $state(0);
  /** For each top-level part, the revision that last changed it: a view
   * that computes from a part (the risk view) watches its entry. */
  changedAt = $state<Record<string, number>>({});
  /** Counts projects opened, so views can start afresh. */
  epoch = $state(0);
  /** Edits not yet answered by the backend (queued or on their way). */
  pending = $state(0);
  /** Whether the backend has a step to undo / redo (after its last answer). */
  canUndo = $state(false);
  canRedo = $state(false);
  /** A recovery file found for the open project, until restored or discarded. */
  recovery = $state<RecoveryOffer | null>(null);
  /** Counts saves of this run (the Preview view refreshes after one). */
  saves = $state(0);
  /** Open, save and export (the toolbar disables on `busy`). */
  readonly task = new Task();
  /** Imports under way (`importWith`): the progress bar polls meanwhile. */
  importing = $state(0);

  #backendDirty = $state(false);

  busy = $derived(this.task.busy);
  dirty = $derived(this.tf !== null && (this.#backendDirty || this.pending > 0));
  checking = $derived(this.pending > 0);
  /** What an untitled project is: the bundled example or a new empty one. */
  untitled = $state<'example' | 'new'>('example');
  name = $derived(
    this.path
      ? baseName(this.path)
      : !this.tf
        ? 'No project open'
        : this.untitled === 'new'
          ? 'Untitled (not saved)'
          : 'Example (not saved)',
  );
  /** The footer's line: the project's file, or what an unsaved one is. */
  where = $derived(
    this.path ??
      (!this.tf
        ? 'No project open'
        : this.untitled === 'new'
          ? 'New project — not saved yet'
          : 'Bundled example — not saved yet'),
  );
  title = $derived(`${this.dirty ? '• ' : ''}${this.name} — Techfile`);

  #queue: Queued[] = [];
  #inflight = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #soon = false;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly api: Api,
    private readonly debounceMs = 0,
  ) {}

  #fail(e: unknown, what: string) {
    this.notice = { kind: 'error', text: `${what}: ${toApiError(e).message}` };
  }

  #load(o: Opened) {
    this.untitled = 'example';
    this.#queue = [];
    this.#count();
    this.tf = o.techfile;
    this.path = o.path;
    this.findings = o.findings;
    this.coverage = o.coverage;
    this.revision = o.revision;
    this.#backendDirty = o.dirty;
    this.canUndo = o.can_undo;
    this.canRedo = o.can_redo;
    this.recovery = o.recovery;
    this.changedAt = {};
    this.epoch += 1;
  }

  async init() {
    await this.task.run(
      async () => {
        const o = await this.api.initialProject();
        // Nothing asked for at start: the start screen.
        if (!o) return;
        this.#load(o);
        this.notice = o.path
          ? { kind: 'info', text: o.migrated ?? `Opened ${o.path}` }
          : { kind: 'info', text: 'Showing the bundled example. Save it to keep your changes.' };
      },
      (e) => this.#fail(e, 'Could not open the project'),
    );
  }

  /** Opens another project. The backend asks before unsaved changes are
   * dropped (it knows them, and the UI's through `setDirty`) and answers
   * null if not. */
  async open() {
    await this.task.run(
      async () => {
        const o = await this.command(async () => {
          const o = await this.api.openProject();
          if (o) this.#load(o);
          return o;
        });
        if (o) this.notice = { kind: 'info', text: o.migrated ?? `Opened ${o.path ?? 'project'}` };
      },
      (e) => this.#fail(e, 'Could not open'),
    );
  }

  /** A new untitled project: the bundled example when `example`, else an
   * empty one (the backend asks about unsaved changes as for `open`). */
  async newProject(example: boolean) {
    await this.task.run(
      async () => {
        const o = await this.command(async () => {
          const o = await this.api.newProject(example);
          if (o) {
            this.#load(o);
            this.untitled = example ? 'example' : 'new';
          }
          return o;
        });
        if (o)
          this.notice = {
            kind: 'info',
            text: example
              ? 'Showing the bundled example. Save it to keep your changes.'
              : 'New project. Save it to choose where it is kept.',
          };
      },
      (e) => this.#fail(e, 'Could not start a project'),
    );
  }

  /** Opens a project of the recent list (the backend asks about unsaved
   * changes as for `open`). */
  async openRecent(path: string) {
    await this.task.run(
      async () => {
        const o = await this.command(async () => {
          const o = await this.api.openRecent(path);
          if (o) this.#load(o);
          return o;
        });
        if (o) this.notice = { kind: 'info', text: o.migrated ?? `Opened ${o.path ?? 'project'}` };
      },
      (e) => this.#fail(e, 'Could not open'),
    );
  }

  async save(saveAs = false): Promise<boolean> {
    if (!this.tf) return false;
    const ok = await this.task.run(
      async () => {
        const saved = await this.command(async () => {
          const saved = await this.api.saveProject(saveAs ? null : this.path);
          if (saved) {
            this.path = saved.path;
            this.revision = saved.revision;
            this.#backendDirty = saved.dirty;
            this.saves += 1;
          }
          return saved;
        });
        if (saved) this.notice = { kind: 'success', text: `Saved ${saved.path}` };
        return saved !== null;
      },
      (e) => this.#fail(e, 'Could not save'),
    );
    return ok ?? false;
  }

  async exportAs(format: ExportFormat, part?: ExportPart) {
    if (!this.tf) return;
    await this.task.run(
      async () => {
        const out = await this.command(() => this.api.exportProject(format, part));
        if (out !== null) {
          const what = format === 'pdf' ? 'PDF' : 'Markdown';
          const of = part === 'cra-profile' ? 'the CRA profile as ' : '';
          this.notice = { kind: 'success', text: `Exported ${of}${what} to ${out}` };
        }
      },
      (e) => {
        if (toApiError(e).code.endsWith('.cancelled')) {
          this.notice = { kind: 'info', text: 'Export cancelled; nothing was written' };
        } else {
          this.#fail(e, 'Could not export');
        }
      },
    );
  }

  // --- Editing (the Editor interface) ---

  changed(path: string) {
    if (!this.tf) return;
    this.#enqueue({ op: 'set', path, value: $state.snapshot(getAt(this.tf, path)) });
  }

  set(path: string, value: unknown) {
    if (!this.tf || !setAt(this.tf, path, value)) return;
    this.changed(path);
  }

  insert(path: string, value: unknown) {
    const v = $state.snapshot(value);
    if (!this.tf || !insertAt(this.tf, path, v)) return;
    this.#enqueue({ op: 'insert', path, value: structuredClone(v) });
  }

  remove(path: string) {
    if (!this.tf || !removeAt(this.tf, path)) return;
    this.#enqueue({ op: 'remove', path });
  }

  move(path: string, to: number) {
    if (!this.tf) return;
    const v = $state.snapshot(getAt(this.tf, path));
    if (v === undefined) return;
    this.remove(path);
    this.insert(formatPath([...parsePath(path).slice(0, -1), to]), v);
  }

  #count() {
    this.pending = this.#queue.length + this.#inflight;
  }

  #enqueue(e: Edit) {
    const inputs = [inputTime()];
    if (e.op === 'set') {
      // The last set of a path wins, back to the last insert or remove.
      for (let i = this.#queue.length - 1; i >= 0 && this.#queue[i].edit.op === 'set'; i--) {
        if (this.#queue[i].edit.path === e.path) {
          inputs.unshift(...this.#queue[i].inputs);
          this.#queue.splice(i, 1);
          break;
        }
      }
    }
    this.#queue.push({ edit: e, inputs });
    this.#count();
    if (this.debounceMs <= 0) {
      // At the end of the current task: the edits one input makes (a move
      // is a remove and an insert) are queued before the send.
      if (!this.#soon) {
        this.#soon = true;
        queueMicrotask(() => {
          this.#soon = false;
          void this.flush();
        });
      }
      return;
    }
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, this.debounceMs);
  }

  /** Sends the queued edits now; resolves when the backend has answered them. */
  flush(): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    return this.#serial(() => this.#send());
  }

  /** Runs a backend call on the project after the edits queued before it. */
  command<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    return this.#serial(async () => {
      await this.#send();
      return fn();
    });
  }

  /** Runs an import (or another command that changes whole parts) and takes
   * its `update`: the parts it changed replace the UI's copies, and edits
   * queued meanwhile inside those parts are dropped, as the copy they were
   * made on is gone. */
  importWith<T extends { update: Update }>(fn: () => Promise<T | null>): Promise<T | null> {
    return this.command(async () => {
      this.importing += 1;
      try {
        const r = await fn();
        if (r) this.#takeParts(r.update);
        return r;
      } finally {
        this.importing -= 1;
      }
    });
  }

  /** Takes an update of whole parts (import, undo, redo, restore). */
  #takeParts(u: Update) {
    if (!this.tf) return;
    for (const c of u.changed) {
      setAt(this.tf, c.path, c.value);
      this.#queue = this.#queue.filter((q) => !isUnder(q.edit.path, c.path));
    }
    this.#count();
    this.#take(u, u.changed.map((c) => partOf(c.path)));
  }

  /** Undo and redo are enabled when the backend has a step, or an edit
   * is on its way (it becomes a step before the undo is sent). */
  get undoable(): boolean {
    return this.tf !== null && (this.canUndo || this.pending > 0);
  }

  /** Takes back the last edit batch or import (edits still queued are sent
   * first, so the last one typed is what goes). */
  undo(): Promise<void> {
    return this.#history(() => this.api.undo(), 'Could not undo');
  }

  /** Does again what the last undo took back. */
  redo(): Promise<void> {
    return this.#history(() => this.api.redo(), 'Could not redo');
  }

  async #history(fn: () => Promise<Update>, what: string) {
    if (!this.tf) return;
    try {
      await this.command(async () => {
        const u = await fn();
        this.#takeParts(u);
        // Views keep local copies of what they show (drafts, open rows):
        // they start afresh so every field shows the restored value.
        if (u.changed.length > 0) this.epoch += 1;
      });
    } catch (e) {
      this.#fail(e, what);
    }
  }

  /** Restores the recovery file the backend found at open: its changes
   * become the project's, unsaved. */
  async restoreRecovery() {
    const offer = this.recovery;
    if (!offer || !this.tf) return;
    await this.task.run(
      async () => {
        await this.command(async () => {
          const u = await this.api.restoreRecovery();
          this.#takeParts(u);
          this.epoch += 1;
        });
        this.recovery = null;
        this.notice = { kind: 'info', text: `Restored the unsaved changes from ${offer.file}; save to keep them` };
      },
      (e) => this.#fail(e, 'Could not restore'),
    );
  }

  /** Discards (removes) the recovery file the backend found at open. */
  async discardRecovery() {
    if (!this.recovery) return;
    await this.task.run(
      async () => {
        await this.command(() => this.api.discardRecovery());
        this.recovery = null;
      },
      (e) => this.#fail(e, 'Could not discard the recovery file'),
    );
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(fn);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  #take(u: Update, parts: string[]) {
    this.findings = u.findings;
    this.coverage = u.coverage;
    this.revision = u.revision;
    this.#backendDirty = u.dirty;
    this.canUndo = u.can_undo;
    this.canRedo = u.can_redo;
    for (const p of parts) this.changedAt[p] = u.revision;
  }

  async #send() {
    while (this.#queue.length > 0 && this.tf) {
      let n = 1;
      if (this.#queue[0].edit.op === 'set') {
        while (n < this.#queue.length && this.#queue[n].edit.op === 'set') n++;
      }
      const queued = this.#queue.splice(0, n);
      const batch = queued.map((q) => q.edit);
      this.#inflight = batch.length;
      this.#count();
      try {
        const sent = now();
        const u = await this.api.edit(batch);
        this.#take(u, batch.map((e) => partOf(e.path)));
        void findingsShown(queued.flatMap((q) => q.inputs), sent, now());
        // The backend may hold a value in a fuller form (defaults filled
        // in); take it unless newer edits are on their way.
        if (this.#queue.length === 0 && this.tf) {
          for (const c of u.changed) {
            if (!sameJson(getAt(this.tf, c.path), c.value)) setAt(this.tf, c.path, c.value);
          }
        }
      } catch (e) {
        this.#fail(e, 'Edit refused');
        await this.#revert(batch);
      } finally {
        this.#inflight = 0;
        this.#count();
      }
    }
  }

  /** Takes back a refused batch: the backend left its project unchanged,
   * so the copy takes the backend's values at the batch's paths (the
   * containing list for an insert or remove, the whole part if need be). */
  async #revert(batch: Edit[]) {
    for (const e of batch) {
      const path = e.op === 'set' ? e.path : formatPath(parsePath(e.path).slice(0, -1));
      for (const p of [path, partOf(path)]) {
        try {
          const v = await this.api.valueAt(p);
          if (this.tf) setAt(this.tf, p, v);
          break;
        } catch {
          // Not there on the backend: try the whole part.
        }
      }
    }
  }

  dispose() {
    if (this.#timer !== null) clearTimeout(this.#timer);
  }
}

const KEY = Symbol('project');

export function provideProject(p: Project) {
  setContext(KEY, p);
}

export function useProject(): Project | undefined {
  return getContext<Project | undefined>(KEY);
}
