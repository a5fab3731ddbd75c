// Markdown formatting commands of the chapter editor's toolbar, over a
// CodeMirror 6 view: each wraps the selection (bold, italic, inline code,
// link) or prefixes the selected lines (heading, bulleted and numbered
// list), and is one undoable transaction. Also the CSP nonce CodeMirror's
// style elements need.

import { EditorSelection, type ChangeSpec, type SelectionRange } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';

export type FormatKind = 'bold' | 'italic' | 'heading' | 'bullet' | 'numbered' | 'link' | 'code';

export interface FormatButton {
  kind: FormatKind;
  label: string;
  /** What the button shows (its accessible name is `label`). */
  glyph: string;
  keys?: string;
}

export const FORMAT_BUTTONS: FormatButton[] = [
  { kind: 'bold', label: 'Bold', glyph: 'B', keys: 'Ctrl+B' },
  { kind: 'italic', label: 'Italic', glyph: 'I', keys: 'Ctrl+I' },
  { kind: 'heading', label: 'Heading', glyph: 'H' },
  { kind: 'bullet', label: 'Bulleted list', glyph: '•' },
  { kind: 'numbered', label: 'Numbered list', glyph: '1.' },
  { kind: 'link', label: 'Link', glyph: 'Link', keys: 'Ctrl+K' },
  { kind: 'code', label: 'Inline code', glyph: '</>' },
];

const WRAP: Partial<Record<FormatKind, [string, string, string]>> = {
  // before, after, the placeholder for an empty selection
  bold: ['**', '**', 'bold text'],
  italic: ['*', '*', 'italic text'],
  code: ['`', '`', 'code'],
};

const PREFIX: Partial<Record<FormatKind, string>> = {
  heading: '## ',
  bullet: '- ',
};

/** Applies `kind` to every selection range of `view`; true if it changed. */
export function applyFormat(view: EditorView, kind: FormatKind): boolean {
  const state = view.state;
  let tr;
  if (kind === 'link') {
    tr = state.changeByRange((r) => {
      const text = state.sliceDoc(r.from, r.to) || 'link text';
      const url = 'https://';
      const insert = `[${text}](${url})`;
      // The URL is selected, to be typed over.
      const urlFrom = r.from + text.length + 3;
      return {
        changes: { from: r.from, to: r.to, insert },
        range: EditorSelection.range(urlFrom, urlFrom + url.length),
      };
    });
  } else if (WRAP[kind]) {
    const [before, after, placeholder] = WRAP[kind]!;
    tr = state.changeByRange((r) => {
      const text = state.sliceDoc(r.from, r.to);
      // Already wrapped: unwrap (the toggle a writer expects).
      const outside = state.sliceDoc(r.from - before.length, r.to + after.length);
      if (text && outside === before + text + after) {
        return {
          changes: [
            { from: r.from - before.length, to: r.from },
            { from: r.to, to: r.to + after.length },
          ],
          range: EditorSelection.range(r.from - before.length, r.to - before.length),
        };
      }
      const inner = text || placeholder;
      return {
        changes: { from: r.from, to: r.to, insert: before + inner + after },
        range: EditorSelection.range(r.from + before.length, r.from + before.length + inner.length),
      };
    });
  } else {
    tr = state.changeByRange((r: SelectionRange) => {
      const changes: ChangeSpec[] = [];
      const first = state.doc.lineAt(r.from).number;
      const last = state.doc.lineAt(r.to).number;
      let added = 0;
      let n = 1;
      for (let l = first; l <= last; l++) {
        const line = state.doc.line(l);
        if (!line.text.trim() && first !== last) continue;
        const prefix = kind === 'numbered' ? `${n++}. ` : PREFIX[kind]!;
        // A line that already has a heading or list marker gets the new one instead.
        const old = /^(#{1,6} |[-*+] |\d+[.)] )/.exec(line.text)?.[0] ?? '';
        changes.push({ from: line.from, to: line.from + old.length, insert: prefix });
        added += prefix.length - old.length;
      }
      const shift = (pos: number, atStart: boolean) => (atStart && first === last ? pos + added : pos);
      return {
        changes,
        range:
          r.empty && first === last
            ? EditorSelection.cursor(state.doc.line(first).to + added)
            : EditorSelection.range(shift(r.from, true), r.to + added),
      };
    });
  }
  if (tr.changes.empty) return false;
  view.dispatch(state.update(tr, { scrollIntoView: true, userEvent: 'input.format' }));
  view.focus();
  return true;
}

/** The nonce of the page's style elements, which Tauri sets afresh on every
 * load and adds to the CSP's `style-src` (index.html carries an empty
 * `<style>` for it). CodeMirror gives its own style element this nonce, so
 * its styles apply under `style-src 'self'`. Empty outside Tauri. */
export function cspNonce(doc: Document = document): string {
  const el = doc.querySelector<HTMLStyleElement>('style[nonce]');
  // Browsers hide the attribute's value once the page loaded; the property keeps it.
  return el?.nonce || el?.getAttribute('nonce') || '';
}
