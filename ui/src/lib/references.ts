// Completion of `[[...]]` references in the chapter editor (CodeMirror 6,
// @codemirror/autocomplete). What a reference can name comes from the
// backend (`reference_targets`, from `techfile::refs::targets`), asked once
// each time a completion opens, so the list is the library's own notion of
// what resolves in the open project. Accepting a candidate writes the whole
// `[[kind:id]]`, over a `]]` already typed after the cursor.

import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';

/** One thing a reference can name (`techfile::refs::Target`). */
export interface ReferenceTarget {
  /** `path`, `doc`, `risk` or `metric`. */
  kind: 'path' | 'doc' | 'risk' | 'metric';
  /** What stands between the brackets: `doc:STR-CSA-008`, `device.trade_name`. */
  reference: string;
  /** What the writer recognises it by: the title, the hazard, the value. */
  detail: string;
}

/** The list's sections, in the order shown. */
const SECTIONS: Record<ReferenceTarget['kind'], { name: string; rank: number; type: string }> = {
  doc: { name: 'Documents', rank: 0, type: 'text' },
  risk: { name: 'Risk entries', rank: 1, type: 'type' },
  metric: { name: 'Performance figures', rank: 2, type: 'constant' },
  path: { name: 'Model values', rank: 3, type: 'variable' },
};

/** The `[[` the cursor is inside of, on its line: its position and the
 * text typed after it; null when there is none or it is closed before the
 * cursor. */
export function openReference(line: string, cursor: number): { start: number; typed: string } | null {
  const before = line.slice(0, cursor);
  const start = before.lastIndexOf('[[');
  if (start < 0) return null;
  const typed = before.slice(start + 2);
  if (typed.includes(']]') || typed.length > 200) return null;
  return { start, typed };
}

/** Whether `text` (from the `[[` to the cursor) is still one reference being typed. */
function stillOpen(text: string): boolean {
  return text.startsWith('[[') && !text.includes(']]') && !text.includes('\n');
}

/** The completion option of a target: its label is the whole reference, so
 * what is typed after `[[` filters it. */
export function option(t: ReferenceTarget): Completion {
  const s = SECTIONS[t.kind] ?? SECTIONS.path;
  const label = `[[${t.reference}]]`;
  return {
    label,
    displayLabel: t.reference,
    detail: t.detail,
    type: s.type,
    section: { name: s.name, rank: s.rank },
    apply: (view: EditorView, _c: Completion, from: number, to: number) => {
      const end = view.state.sliceDoc(to, to + 2) === ']]' ? to + 2 : to;
      view.dispatch({
        changes: { from, to: end, insert: label },
        selection: { anchor: from + label.length },
        userEvent: 'input.complete',
      });
    },
  };
}

/** A completion source for `[[`: opens after `[[` is typed (or on
 * Ctrl+Space inside one) with every target `load` answers. */
export function referenceCompletion(load: () => Promise<ReferenceTarget[]>): CompletionSource {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const open = openReference(line.text, ctx.pos - line.from);
    if (!open) return null;
    let targets: ReferenceTarget[];
    try {
      targets = await load();
    } catch {
      return null;
    }
    if (ctx.aborted || !targets.length) return null;
    return {
      from: line.from + open.start,
      options: targets.map(option),
      validFor: stillOpen,
    };
  };
}
