// The Preview view's state: the PDF of the open project as the backend
// exports it (`preview_pdf`), opened with pdf.js (lib/pdf.ts), its page
// sizes and outline. It marks itself stale when the project's revision
// moves past the one previewed (an edit, an import, undo), and refreshes on
// request and after a save.
//
// The page sizes start as page 1's for every page (so the page list can be
// laid out at once, also for ~700 pages) and are filled in from the
// document in the background: a landscape page gets its own size.

import { untrack } from 'svelte';
import { toApiError, type Api } from './api';
import type { OutlineEntry, PdfDoc, PdfLoader } from './pdf';
import type { Project } from './project.svelte';

/** Where a model path is printed in the preview PDF (`preview_locate`). */
export interface Located {
  /** The PDF's anchor nearest to the path (`control-rc-17`, a heading). */
  anchor: string;
  /** 1-based, as pdf.js counts. */
  page: number;
}

export interface PageSize {
  width: number;
  height: number;
}

export class Preview {
  doc = $state.raw<PdfDoc | null>(null);
  /** Counts documents loaded: pages redraw when it changes. */
  generation = $state(0);
  sizes = $state.raw<PageSize[]>([]);
  outline = $state.raw<OutlineEntry[]>([]);
  /** The project revision the shown PDF was exported from. */
  revision = $state(-1);
  busy = $state(false);
  error = $state('');
  /** Export + transfer + parse of the last refresh, in milliseconds. */
  ms = $state(0);
  /** Bytes of the last PDF. */
  size = $state(0);

  /** The project (`Project.epoch`) the shown PDF is of. */
  epoch = $state(-1);

  /** Whether the project changed since the shown PDF was exported. */
  get stale(): boolean {
    return this.doc !== null && (this.project.revision !== this.revision || this.project.epoch !== this.epoch);
  }

  #again = false;
  #saves: number;
  #disposed = false;

  constructor(
    private readonly api: Api,
    private readonly project: Project,
    private readonly load: PdfLoader,
  ) {
    this.#saves = untrack(() => project.saves);
  }

  /** Exports the project (after the edits on their way) and shows the
   * result. A request while one runs makes one more run after it. */
  async refresh(): Promise<void> {
    if (untrack(() => this.busy)) {
      this.#again = true;
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      do {
        this.#again = false;
        await this.#once();
      } while (this.#again && !this.#disposed);
    } catch (e) {
      this.error = toApiError(e).message;
    } finally {
      this.busy = false;
    }
  }

  async #once() {
    const t0 = performance.now();
    let revision = 0;
    let epoch = 0;
    const bytes = await this.project.command(async () => {
      revision = this.project.revision;
      epoch = this.project.epoch;
      return this.api.previewPdf();
    });
    this.size = bytes.byteLength;
    const doc = await this.load(bytes);
    if (this.#disposed) {
      void doc.destroy();
      return;
    }
    const first = await doc.page(1);
    const old = this.doc;
    this.sizes = Array.from({ length: doc.numPages }, () => ({ width: first.width, height: first.height }));
    this.doc = doc;
    this.revision = revision;
    this.epoch = epoch;
    this.generation += 1;
    this.ms = performance.now() - t0;
    if (old) void old.destroy().catch(() => {});
    const gen = this.generation;
    void doc.outline().then(
      (o) => {
        if (gen === this.generation) this.outline = o;
      },
      () => {},
    );
    void this.#fillSizes(doc, gen, first);
  }

  async #fillSizes(doc: PdfDoc, gen: number, first: PageSize) {
    const sizes = this.sizes.slice();
    let differs = false;
    for (let n = 2; n <= doc.numPages; n++) {
      if (gen !== this.generation) return;
      try {
        const p = await doc.page(n);
        if (p.width !== first.width || p.height !== first.height) {
          sizes[n - 1] = { width: p.width, height: p.height };
          differs = true;
        }
      } catch {
        return;
      }
    }
    if (differs && gen === this.generation) this.sizes = sizes;
  }

  /** Called when the project's save count may have moved: a save refreshes. */
  saved() {
    const n = this.project.saves;
    if (n === this.#saves) return;
    this.#saves = n;
    void this.refresh();
  }

  /** The view is shown: the first time, after a save made meanwhile or for
   * another project, it refreshes; else it shows the last PDF (marked
   * stale if the project changed since). */
  show() {
    const saves = untrack(() => this.project.saves);
    const epoch = untrack(() => this.project.epoch);
    if (untrack(() => this.doc) === null || saves !== this.#saves || epoch !== untrack(() => this.epoch)) {
      this.#saves = saves;
      void this.refresh();
    }
  }

  dispose() {
    this.#disposed = true;
    const d = this.doc;
    this.doc = null;
    if (d) void d.destroy().catch(() => {});
  }
}

const KEPT = new WeakMap<Project, Preview>();

/** The preview of `project`, kept while the app runs: leaving the view and
 * coming back shows the last PDF at once instead of exporting again. */
export function previewOf(api: Api, project: Project, load: PdfLoader): Preview {
  let p = KEPT.get(project);
  if (!p) {
    p = new Preview(api, project, load);
    KEPT.set(project, p);
  }
  return p;
}
