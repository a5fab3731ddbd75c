import '../test/codemirror-jsdom';
import {
  acceptCompletion,
  autocompletion,
  CompletionContext,
  completionStatus,
  currentCompletions,
  moveCompletionSelection,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openReference, option, referenceCompletion, type ReferenceTarget } from './references';

const TARGETS: ReferenceTarget[] = [
  { kind: 'doc', reference: 'doc:STR-CSA-008', detail: 'Software test report, version 2.1' },
  { kind: 'risk', reference: 'risk:HAZ-01', detail: 'Classifier misses an atrial fibrillation episode' },
  { kind: 'metric', reference: 'metric:AF-SENS', detail: 'sensitivity: 97.1 %' },
  { kind: 'path', reference: 'device.trade_name', detail: 'CardioScan AI' },
  { kind: 'path', reference: 'software_items[0].name', detail: 'ecg-analysis-service' },
];

async function complete(doc: string, pos = doc.length, explicit = false) {
  const load = vi.fn(async () => TARGETS);
  const source = referenceCompletion(load);
  const state = EditorState.create({ doc });
  const result = (await source(new CompletionContext(state, pos, explicit))) as CompletionResult | null;
  return { result, load };
}

let views: EditorView[] = [];
afterEach(() => {
  views.forEach((v) => v.destroy());
  views = [];
});

describe('reference completion', () => {
  it('finds the open [[ before the cursor on its line, not a closed one', () => {
    expect(openReference('See [[doc:S', 11)).toEqual({ start: 4, typed: 'doc:S' });
    expect(openReference('See [[', 6)).toEqual({ start: 4, typed: '' });
    expect(openReference('See [[doc:X]] and', 17)).toBeNull();
    expect(openReference('No bracket', 10)).toBeNull();
    expect(openReference('[[a]] then [[b', 14)).toEqual({ start: 11, typed: 'b' });
  });

  it('offers every target after [[ with its label and detail, and nothing elsewhere', async () => {
    const none = await complete('Plain text');
    expect(none.result).toBeNull();
    expect(none.load).not.toHaveBeenCalled();
    const { result, load } = await complete('The name is [[dev');
    expect(load).toHaveBeenCalledTimes(1);
    expect(result!.from).toBe('The name is '.length);
    const byLabel = new Map(result!.options.map((o) => [o.label, o]));
    expect([...byLabel.keys()]).toEqual(TARGETS.map((t) => `[[${t.reference}]]`));
    const doc = byLabel.get('[[doc:STR-CSA-008]]')!;
    expect(doc.displayLabel).toBe('doc:STR-CSA-008');
    expect(doc.detail).toBe('Software test report, version 2.1');
    expect(doc.section).toMatchObject({ name: 'Documents' });
    expect(byLabel.get('[[risk:HAZ-01]]')!.section).toMatchObject({ name: 'Risk entries' });
    // Still typing one reference: the list filters, no new request.
    expect((result!.validFor as (t: string) => boolean)('[[device.trade_na')).toBe(true);
    expect((result!.validFor as (t: string) => boolean)('[[device]] x')).toBe(false);
  });

  it('offers nothing when the backend fails or knows no target', async () => {
    const state = EditorState.create({ doc: '[[' });
    const failing = referenceCompletion(async () => Promise.reject(new Error('no project')));
    expect(await failing(new CompletionContext(state, 2, false))).toBeNull();
    const empty = referenceCompletion(async () => []);
    expect(await empty(new CompletionContext(state, 2, false))).toBeNull();
  });

  it('accepting writes the whole reference, over a ]] typed after the cursor', () => {
    const view = new EditorView({ doc: 'See [[do]] now' });
    views.push(view);
    const apply = option(TARGETS[0]).apply as (v: EditorView, c: unknown, from: number, to: number) => void;
    apply(view, null, 4, 8);
    expect(view.state.doc.toString()).toBe('See [[doc:STR-CSA-008]] now');
    expect(view.state.selection.main.head).toBe('See [[doc:STR-CSA-008]]'.length);
    const bare = new EditorView({ doc: 'See [[ri' });
    views.push(bare);
    (option(TARGETS[1]).apply as typeof apply)(bare, null, 4, 8);
    expect(bare.state.doc.toString()).toBe('See [[risk:HAZ-01]]');
  });

  it('in an editor: typing [[ opens the list, the keyboard picks, Enter inserts', async () => {
    const view = new EditorView({
      parent: document.body,
      state: EditorState.create({
        doc: 'Made by ',
        extensions: [autocompletion({ override: [referenceCompletion(async () => TARGETS)], activateOnTypingDelay: 0 })],
      }),
    });
    views.push(view);
    const end = view.state.doc.length;
    view.dispatch({ changes: { from: end, insert: '[[' }, selection: { anchor: end + 2 }, userEvent: 'input.type' });
    await vi.waitFor(() => expect(completionStatus(view.state)).toBe('active'));
    view.dispatch({ changes: { from: end + 2, insert: 'trade' }, selection: { anchor: end + 7 }, userEvent: 'input.type' });
    await vi.waitFor(() =>
      expect(currentCompletions(view.state).map((c) => c.label)).toEqual(['[[device.trade_name]]']),
    );
    // Back to every candidate, then down to the second one.
    view.dispatch({ changes: { from: end + 2, to: end + 7 }, selection: { anchor: end + 2 }, userEvent: 'delete.backward' });
    await vi.waitFor(() => expect(currentCompletions(view.state).length).toBe(TARGETS.length));
    // CodeMirror ignores an accept within 75 ms of the list changing.
    await new Promise((r) => setTimeout(r, 100));
    expect(moveCompletionSelection(true)(view)).toBe(true);
    expect(acceptCompletion(view)).toBe(true);
    // Sections by rank: the document, then the risk entry.
    expect(view.state.doc.toString()).toBe('Made by [[risk:HAZ-01]]');
  });
});
