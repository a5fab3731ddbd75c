import './../test/codemirror-jsdom';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFormat, cspNonce, FORMAT_BUTTONS, type FormatKind } from './markdown';

let view: EditorView | null = null;

function editor(doc: string, from: number, to = from): EditorView {
  view = new EditorView({
    parent: document.body,
    state: EditorState.create({ doc, selection: EditorSelection.single(from, to), extensions: [EditorState.allowMultipleSelections.of(true)] }),
  });
  return view;
}

function selected(v: EditorView): string {
  const r = v.state.selection.main;
  return v.state.sliceDoc(r.from, r.to);
}

afterEach(() => {
  view?.destroy();
  view = null;
  document.head.querySelectorAll('style[nonce]').forEach((s) => s.remove());
});

describe('applyFormat', () => {
  it('wraps the selection in bold, italic and code, and unwraps it again', () => {
    for (const [kind, mark] of [['bold', '**'], ['italic', '*'], ['code', '`']] as [FormatKind, string][]) {
      const v = editor('say hello now', 4, 9);
      expect(applyFormat(v, kind)).toBe(true);
      expect(v.state.doc.toString()).toBe(`say ${mark}hello${mark} now`);
      expect(selected(v)).toBe('hello');
      applyFormat(v, kind);
      expect(v.state.doc.toString()).toBe('say hello now');
      v.destroy();
    }
  });

  it('inserts a placeholder to type over when nothing is selected', () => {
    const v = editor('x ', 2);
    applyFormat(v, 'bold');
    expect(v.state.doc.toString()).toBe('x **bold text**');
    expect(selected(v)).toBe('bold text');
  });

  it('makes a link of the selection with its URL selected', () => {
    const v = editor('see the standard', 8, 16);
    applyFormat(v, 'link');
    expect(v.state.doc.toString()).toBe('see the [standard](https://)');
    expect(selected(v)).toBe('https://');
  });

  it('prefixes the selected lines with a heading or list marker, replacing an old one', () => {
    let v = editor('Title', 2);
    applyFormat(v, 'heading');
    expect(v.state.doc.toString()).toBe('## Title');
    v.destroy();
    v = editor('one\ntwo\n\nthree', 0, 13);
    applyFormat(v, 'numbered');
    expect(v.state.doc.toString()).toBe('1. one\n2. two\n\n3. three');
    applyFormat(v, 'bullet');
    expect(v.state.doc.toString()).toBe('- one\n- two\n\n- three');
  });

  it('has one labelled button per format', () => {
    expect(FORMAT_BUTTONS.map((b) => b.kind)).toEqual(['bold', 'italic', 'heading', 'bullet', 'numbered', 'link', 'code']);
    expect(FORMAT_BUTTONS.every((b) => b.label.length > 2)).toBe(true);
  });
});

describe('cspNonce', () => {
  it('reads the nonce Tauri gave the page, and is empty without one', () => {
    expect(cspNonce()).toBe('');
    const s = document.createElement('style');
    s.setAttribute('nonce', '12345');
    document.head.append(s);
    expect(cspNonce()).toBe('12345');
  });

  it('gives CodeMirror\'s style element that nonce', () => {
    const s = document.createElement('style');
    s.setAttribute('nonce', '777');
    document.head.append(s);
    view = new EditorView({ parent: document.body, state: EditorState.create({ doc: 'x', extensions: [EditorView.cspNonce.of(cspNonce())] }) });
    const styles = [...document.head.querySelectorAll('style')].filter((el) => el.textContent?.includes('.cm-'));
    expect(styles.length).toBeGreaterThan(0);
    expect(styles.every((el) => el.getAttribute('nonce') === '777')).toBe(true);
  });
});
