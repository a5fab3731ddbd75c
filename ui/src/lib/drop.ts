// Files dropped on the window, imported one after the other by kind (the
// backend tells an SBOM, VEX, risk table or model card from the name and
// content), each one undo step. A dropped SBOM that names none of the
// project's several software items is refused with `drop.choose_item`:
// `ask` puts the question (ItemDialog) and the file goes again with the
// answer, or not at all. The result, a refusal or a cancel is the notice.

import { toApiError, type Api } from './api';
import type { Notice, Project } from './project.svelte';

const KIND: Record<string, string> = {
  sbom: 'SBOM',
  vex: 'VEX',
  'risk-table': 'risk table',
  'model-card': 'model card',
};

/** A file's bytes (FileReader where Blob.arrayBuffer is missing). */
export function readBytes(f: File): Promise<Uint8Array> {
  if (typeof f.arrayBuffer === 'function') return f.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(f);
  });
}

/** Imports `files` into the project; the notice to show, if any. */
export async function importFiles(
  files: File[],
  project: Project,
  api: Api,
  ask: (file: string) => Promise<string | null>,
): Promise<Notice | null> {
  const done: string[] = [];
  const skipped: string[] = [];
  for (const f of files) {
    try {
      const bytes = await readBytes(f);
      const send = (item: string | null) => project.importWith(() => api.importDropped(f.name, bytes, item));
      let r;
      try {
        r = await send(null);
      } catch (err) {
        if (toApiError(err).code !== 'drop.choose_item') throw err;
        const item = await ask(f.name);
        if (item === null) {
          skipped.push(f.name);
          continue;
        }
        r = await send(item);
      }
      if (r) {
        const warn = r.warnings.length ? ` (${r.warnings.length} warnings)` : '';
        const into = r.item ? ` into ${r.item}` : '';
        done.push(`${r.imported} from ${r.name} (${KIND[r.kind] ?? r.kind})${into}${warn}`);
      }
    } catch (err) {
      const e = toApiError(err);
      if (e.code.endsWith('.cancelled')) {
        return { kind: 'info', text: `Import of ${f.name} cancelled; the project is unchanged` };
      }
      return { kind: 'error', text: `Could not import ${f.name}: ${e.message}` };
    }
  }
  if (done.length) return { kind: 'success', text: `Imported ${done.join('; ')}` };
  if (skipped.length) return { kind: 'info', text: `Not imported: ${skipped.join(', ')} (no software item chosen)` };
  return null;
}
