// The one place that knows pdf.js (pdfjs-dist, bundled by vite: no CDN, no
// network). The rest of the UI sees a `PdfDoc`, so tests (jsdom, no canvas)
// pass a fake loader instead.
//
// Under the app's CSP (tauri.conf.json: script-src 'self', no blob:, no
// 'unsafe-eval', font-src 'self'):
// - the worker is our own `new Worker(url)` from the app's assets handed to
//   pdf.js as `workerPort`, so pdf.js never wraps it in a blob: URL (it does
//   when it thinks the worker is cross-origin, and `tauri://localhost` has an
//   opaque origin to the URL parser);
// - `isEvalSupported: false`: glyphs are drawn without `new Function`;
// - no CMap or standard font URLs: our PDFs embed every font they use, so
//   nothing is fetched; fonts load through the FontFace API from bytes.

import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/** A heading of the PDF's outline and the page (1-based) it points to. */
export interface OutlineEntry {
  title: string;
  page: number;
  depth: number;
}

export interface PdfPage {
  /** Size at scale 1, in PDF points. */
  width: number;
  height: number;
  /** Draws the page into `canvas` at `scale` (CSS pixels per point). */
  render(canvas: HTMLCanvasElement, scale: number): { promise: Promise<void>; cancel(): void };
}

export interface PdfDoc {
  numPages: number;
  page(n: number): Promise<PdfPage>;
  outline(): Promise<OutlineEntry[]>;
  destroy(): Promise<void>;
}

export type PdfLoader = (bytes: Uint8Array) => Promise<PdfDoc>;

type PdfJs = typeof import('pdfjs-dist');
let lib: Promise<PdfJs> | null = null;

function pdfjs(): Promise<PdfJs> {
  lib ??= import('pdfjs-dist').then((m) => {
    m.GlobalWorkerOptions.workerPort ??= new Worker(workerUrl, { type: 'module' });
    return m;
  });
  return lib;
}

/** Opens a PDF from its bytes with pdf.js. */
export const loadPdf: PdfLoader = async (bytes) => {
  const m = await pdfjs();
  const doc = await m.getDocument({
    data: bytes,
    isEvalSupported: false,
    useSystemFonts: false,
    useWorkerFetch: false,
    enableXfa: false,
    stopAtErrors: false,
  }).promise;
  return {
    numPages: doc.numPages,
    async page(n) {
      const p = await doc.getPage(n);
      const vp = p.getViewport({ scale: 1 });
      return {
        width: vp.width,
        height: vp.height,
        render(canvas, scale) {
          const ratio = window.devicePixelRatio || 1;
          const viewport = p.getViewport({ scale: scale * ratio });
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          const ctx = canvas.getContext('2d');
          if (!ctx) return { promise: Promise.resolve(), cancel() {} };
          const task = p.render({ canvasContext: ctx, viewport });
          return { promise: task.promise, cancel: () => task.cancel() };
        },
      };
    },
    async outline() {
      const out: OutlineEntry[] = [];
      type Item = Awaited<ReturnType<typeof doc.getOutline>>[number];
      const walk = async (items: Item[] | null, depth: number) => {
        for (const it of items ?? []) {
          let page = 0;
          try {
            const dest = typeof it.dest === 'string' ? await doc.getDestination(it.dest) : it.dest;
            const ref = dest?.[0];
            if (typeof ref === 'number') page = ref + 1;
            else if (ref && typeof ref === 'object') page = (await doc.getPageIndex(ref)) + 1;
          } catch {
            // A heading without a resolvable page is listed, not linked.
          }
          out.push({ title: it.title, page, depth });
          await walk(it.items, depth + 1);
        }
      };
      await walk(await doc.getOutline(), 0);
      return out;
    },
    destroy: () => doc.destroy(),
  };
};
