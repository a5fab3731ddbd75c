// How a form control reports a change of the project: by model path, the
// same path its `data-path` attribute carries. The open project (`Project`
// in project.svelte.ts) is the editor: it changes the UI's copy of the
// project and sends the edit to the backend, which holds the project.

import { getContext, setContext } from 'svelte';

export interface Editor {
  /** The UI's copy changed at `path` (through a binding): send its value. */
  changed(path: string): void;
  /** Sets the value at `path` and sends it. */
  set(path: string, value: unknown): void;
  /** Inserts into a list; `path` names the new index (the length appends). */
  insert(path: string, value: unknown): void;
  /** Removes the list element at `path`. */
  remove(path: string): void;
  /** Moves the list element at `path` to index `to` of the same list. */
  move(path: string, to: number): void;
}

const KEY = Symbol('editor');

export function provideEditor(e: Editor) {
  setContext(KEY, e);
}

/** Does nothing: for a control rendered without a project. */
const NONE: Editor = { changed() {}, set() {}, insert() {}, remove() {}, move() {} };

export function useEditor(): Editor {
  return getContext<Editor | undefined>(KEY) ?? NONE;
}
