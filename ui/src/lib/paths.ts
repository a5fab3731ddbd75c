// Model paths as the findings and the `data-path` attributes write them
// (`risk.entries[3].controls[0].id`), and reading and writing the UI's copy
// of the project at such a path. The backend applies the same edits to the
// project it holds (src-tauri/src/edit.rs).

export type Seg = string | number;

export function parsePath(path: string): Seg[] {
  const out: Seg[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  }
  return out;
}

export function formatPath(segs: Seg[]): string {
  return segs.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** The top-level part a path is in (`risk` for `risk.entries[3]`). */
export function partOf(path: string): string {
  return path.split(/[.[]/, 1)[0];
}

/** Whether `path` is `base` or inside it. */
export function isUnder(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}.`) || path.startsWith(`${base}[`);
}

type Obj = Record<string | number, unknown>;

function container(root: unknown, segs: Seg[]): Obj | undefined {
  let cur: unknown = root;
  for (const s of segs) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Obj)[s];
  }
  return cur !== null && typeof cur === 'object' ? (cur as Obj) : undefined;
}

export function getAt(root: unknown, path: string): unknown {
  const segs = parsePath(path);
  const last = segs.pop();
  if (last === undefined) return root;
  return container(root, segs)?.[last];
}

/** Sets the value at `path`; false when its parent does not exist. */
export function setAt(root: unknown, path: string, value: unknown): boolean {
  const segs = parsePath(path);
  const last = segs.pop();
  const parent = container(root, segs);
  if (last === undefined || !parent) return false;
  parent[last] = value;
  return true;
}

/** Inserts into the list that holds `path` (which ends in the new index). */
export function insertAt(root: unknown, path: string, value: unknown): boolean {
  const segs = parsePath(path);
  const index = segs.pop();
  const list = container(root, segs);
  if (typeof index !== 'number' || !Array.isArray(list) || index > list.length) return false;
  list.splice(index, 0, value);
  return true;
}

export function removeAt(root: unknown, path: string): boolean {
  const segs = parsePath(path);
  const index = segs.pop();
  const list = container(root, segs);
  if (typeof index !== 'number' || !Array.isArray(list) || index >= list.length) return false;
  list.splice(index, 1);
  return true;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
