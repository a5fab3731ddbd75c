import '../test/codemirror-jsdom';
import { acceptCompletion, completionStatus, currentCompletions } from '@codemirror/autocomplete';
import { EditorView } from '@codemirror/view';
import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../App.svelte';
import { FakeApi, sampleTechFile } from '../lib/fake';
import type { TechFile } from '../lib/types';

function threeChapters(): TechFile {
  const tf = sampleTechFile();
  tf.chapters = [
    { id: 'a', title: 'Alpha', clauses: ['MDR-II-1'], body: 'First **chapter**.' },
    { id: 'b', title: 'Beta', clauses: [], body: '' },
    { id: 'c', title: 'Gamma', clauses: [], body: 'Third.' },
  ];
  return tf;
}

async function openChapters(api = new FakeApi(threeChapters())) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  await fireEvent.click(r.container.querySelector('[data-view="chapters"]')!);
  await waitFor(() => expect(r.container.querySelector('[data-path="chapters[0].body"] .cm-editor')).toBeTruthy());
  return { api, ...r };
}

function q<T extends Element = HTMLElement>(c: HTMLElement, css: string): T {
  const el = c.querySelector<T>(css);
  if (!el) throw new Error(`no ${css}`);
  return el;
}

function cm(c: HTMLElement, i: number): EditorView {
  const v = EditorView.findFromDOM(q(c, `[data-path="chapters[${i}].body"] .cm-editor`));
  if (!v) throw new Error('no editor view');
  return v;
}

const ids = (api: FakeApi) => api.held?.chapters.map((ch) => ch.id);

afterEach(cleanup);

describe('ChaptersView', () => {
  it('lists the chapters and shows the first with every field carrying its model path', async () => {
    const { container } = await openChapters();
    const rows = container.querySelectorAll('[data-select-chapter]');
    expect([...rows].map((r) => r.querySelector('.t')?.textContent)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(q<HTMLInputElement>(container, '[data-path="chapters[0].title"]').value).toBe('Alpha');
    expect(q<HTMLInputElement>(container, '[data-path="chapters[0].id"]').value).toBe('a');
    expect(q(container, '[data-path="chapters[0].clauses"]')).toBeTruthy();
    expect(q(container, '[data-path="chapters[0].clauses[0]"]').textContent).toContain('MDR-II-1');
    expect(cm(container, 0).state.doc.toString()).toBe('First **chapter**.');
    // Choosing another chapter shows its fields.
    await fireEvent.click(q(container, '[data-select-chapter="2"]'));
    await waitFor(() => expect(q<HTMLInputElement>(container, '[data-path="chapters[2].title"]').value).toBe('Gamma'));
    expect(cm(container, 2).state.doc.toString()).toBe('Third.');
  });

  it('creates a chapter as one insert edit and selects it', async () => {
    const { api, container } = await openChapters();
    await fireEvent.click(q(container, '#add-chapter'));
    await waitFor(() => expect(api.callsOf('edit').length).toBe(1));
    expect(api.callsOf('edit')[0].edits).toEqual([
      { op: 'insert', path: 'chapters[3]', value: { id: 'chapter-4', title: 'New chapter', clauses: [], body: '' } },
    ]);
    expect(q<HTMLInputElement>(container, '[data-path="chapters[3].title"]').value).toBe('New chapter');
    expect(q(container, '[data-path="chapters[3].body"]')).toBeTruthy();
    // The title typed goes to the new chapter.
    await fireEvent.input(q(container, '[data-path="chapters[3].title"]'), { target: { value: 'Usability' } });
    await waitFor(() => expect(api.held?.chapters[3].title).toBe('Usability'));
  });

  it('moves a chapter up and down with remove and insert edits, selection following', async () => {
    const { api, container } = await openChapters();
    await fireEvent.click(q(container, '[data-move="down"][data-index="0"]'));
    await waitFor(() => expect(ids(api)).toEqual(['b', 'a', 'c']));
    const edits = api.callsOf('edit').flatMap((c) => c.edits);
    expect(edits).toEqual([
      { op: 'remove', path: 'chapters[0]' },
      { op: 'insert', path: 'chapters[1]', value: { id: 'a', title: 'Alpha', clauses: ['MDR-II-1'], body: 'First **chapter**.' } },
    ]);
    expect(q<HTMLInputElement>(container, '[data-path="chapters[1].title"]').value).toBe('Alpha');
    expect(q(container, '[data-move="up"][data-index="0"]').hasAttribute('disabled')).toBe(true);
    // Alt+ArrowUp on a row's button moves it too (keyboard).
    await fireEvent.keyDown(q(container, '[data-select-chapter="2"]'), { key: 'ArrowUp', altKey: true });
    await waitFor(() => expect(ids(api)).toEqual(['b', 'c', 'a']));
    expect(q<HTMLInputElement>(container, '[data-path="chapters[2].title"]').value).toBe('Alpha');
  });

  it('deletes a chapter only after the confirmation', async () => {
    const { api, container } = await openChapters();
    await fireEvent.click(q(container, '[data-delete="1"]'));
    const confirm = q(container, '[data-testid="confirm-delete"]');
    expect(confirm.textContent).toContain('Beta');
    expect(document.activeElement).toBe(q(container, '[data-testid="cancel-delete"]'));
    await fireEvent.click(q(container, '[data-testid="cancel-delete"]'));
    expect(container.querySelector('[data-testid="confirm-delete"]')).toBeNull();
    expect(api.callsOf('edit').length).toBe(0);
    await fireEvent.click(q(container, '[data-delete="1"]'));
    await fireEvent.click(q(container, '[data-testid="do-delete"]'));
    await waitFor(() => expect(ids(api)).toEqual(['a', 'c']));
    expect(api.callsOf('edit')[0].edits).toEqual([{ op: 'remove', path: 'chapters[1]' }]);
  });

  it('sends typing through the debounced edit path and the toolbar inserts Markdown', async () => {
    const { api, container } = await openChapters();
    const v = cm(container, 0);
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: 'Intended use' } });
    await waitFor(() => expect(api.held?.chapters[0].body).toBe('Intended use'));
    v.dispatch({ selection: { anchor: 0, head: 8 } });
    await fireEvent.click(q(container, '[data-format="bold"]'));
    expect(v.state.doc.toString()).toBe('**Intended** use');
    await fireEvent.click(q(container, '[data-format="heading"]'));
    expect(v.state.doc.toString()).toBe('## **Intended** use');
    await waitFor(() => expect(api.held?.chapters[0].body).toBe('## **Intended** use'));
    // Only the body path crossed, as sets, never the whole chapter.
    const edits = api.callsOf('edit').flatMap((c) => c.edits);
    expect(edits.every((e) => e.op === 'set' && e.path === 'chapters[0].body')).toBe(true);
    // Every button is labelled.
    for (const b of container.querySelectorAll('[data-format]')) expect(b.getAttribute('aria-label')).toBeTruthy();
  });

  it('adds and removes clause tags from the catalogue, applicable frameworks first', async () => {
    const { api, container } = await openChapters();
    await waitFor(() => expect(api.callsOf('clauseCatalogue').length).toBe(1));
    const search = q<HTMLInputElement>(container, '[data-testid="clause-search"]');
    await fireEvent.input(search, { target: { value: 'design' } });
    await waitFor(() => expect(container.querySelector('[data-clause="MDR-II-3"]')).toBeTruthy());
    // The IVDR does not apply to the project: hidden until asked for.
    expect(container.querySelector('[data-clause="IVDR-II-3"]')).toBeNull();
    await fireEvent.click(q(container, '[data-testid="every-framework"]'));
    await waitFor(() => expect(container.querySelector('[data-clause="IVDR-II-3"]')).toBeTruthy());
    await fireEvent.click(q(container, '[data-clause="MDR-II-3"]'));
    await waitFor(() => expect(api.held?.chapters[0].clauses).toEqual(['MDR-II-1', 'MDR-II-3']));
    expect(api.callsOf('edit')[0].edits).toEqual([{ op: 'insert', path: 'chapters[0].clauses[1]', value: 'MDR-II-3' }]);
    // A tagged clause leaves the list of matches.
    expect(container.querySelector('[data-clause="MDR-II-3"]')).toBeNull();
    await fireEvent.click(q(container, '[aria-label="Remove clause MDR-II-1"]'));
    await waitFor(() => expect(api.held?.chapters[0].clauses).toEqual(['MDR-II-3']));
    expect(api.callsOf('edit')[1].edits).toEqual([{ op: 'remove', path: 'chapters[0].clauses[0]' }]);
  });

  it('shows the backend preview beside the editor and refreshes it as the writer types', async () => {
    const { api, container } = await openChapters();
    const preview = q(container, '[data-testid="chapter-preview"]');
    await waitFor(() => expect(preview.innerHTML).toContain('<strong>chapter</strong>'));
    expect(preview.querySelector('h2')?.textContent).toBe('Alpha');
    const v = cm(container, 0);
    const before = api.callsOf('renderChapterPreview').length;
    for (const t of ['N', 'No', 'Now **bold**']) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
    await waitFor(() => expect(preview.innerHTML).toContain('Now <strong>bold</strong>'), { timeout: 2000 });
    // Debounced: one render for the three keystrokes, none after it.
    await new Promise((r) => setTimeout(r, 400));
    expect(api.callsOf('renderChapterPreview').slice(before).map((c) => c.markdown)).toEqual(['Now **bold**']);
  });

  it('completes [[ with the references the backend lists and sends the chosen one', async () => {
    const { api, container } = await openChapters();
    const v = cm(container, 0);
    const end = v.state.doc.length;
    v.dispatch({ changes: { from: end, insert: ' See [[' }, selection: { anchor: end + 7 }, userEvent: 'input.type' });
    await waitFor(() => expect(completionStatus(v.state)).toBe('active'));
    expect(api.callsOf('referenceTargets')).toHaveLength(1);
    const labels = currentCompletions(v.state).map((c) => c.label);
    expect(labels).toContain('[[device.trade_name]]');
    expect(currentCompletions(v.state).find((c) => c.label === '[[device.trade_name]]')?.detail).toBe(
      api.held!.device.trade_name,
    );
    v.dispatch({ changes: { from: end + 7, insert: 'trade_n' }, selection: { anchor: end + 14 }, userEvent: 'input.type' });
    await waitFor(() => expect(currentCompletions(v.state)[0]?.label).toBe('[[device.trade_name]]'));
    // CodeMirror ignores an accept within 75 ms of the list changing.
    await new Promise((r) => setTimeout(r, 100));
    expect(acceptCompletion(v)).toBe(true);
    expect(v.state.doc.toString()).toBe('First **chapter**. See [[device.trade_name]]');
    await waitFor(() => expect(api.held?.chapters[0].body).toBe('First **chapter**. See [[device.trade_name]]'));
    // Typing on filtered the list without asking the backend again.
    expect(api.callsOf('referenceTargets')).toHaveLength(1);
  });

  it('shows the chapter of a finding picked in the findings panel', async () => {
    const api = new FakeApi(threeChapters());
    api.rules = () => [{ rule: 'core.chapter-clause', severity: 'error', path: 'chapters[2].title', message: 'Bad title.' }];
    const r = render(App, { props: { api, debounceMs: 10 } });
    await waitFor(() => expect(r.container.querySelector('[data-rule="core.chapter-clause"]')).toBeTruthy());
    await fireEvent.click(q(r.container, '[data-rule="core.chapter-clause"]'));
    await waitFor(() => expect(r.container.querySelector('[data-path="chapters[2].title"]')).toBeTruthy());
    await waitFor(() => expect(document.activeElement).toBe(q(r.container, '[data-path="chapters[2].title"]')));
  });

  it('says so when there is no chapter and creates the first', async () => {
    const tf = sampleTechFile();
    tf.chapters = [];
    const api = new FakeApi(tf);
    const r = render(App, { props: { api, debounceMs: 10 } });
    await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
    await fireEvent.click(r.container.querySelector('[data-view="chapters"]')!);
    await waitFor(() => expect(r.container.textContent).toContain('No chapters yet'));
    await fireEvent.click(q(r.container, '#add-chapter'));
    await waitFor(() => expect(ids(api)).toEqual(['chapter-1']));
    expect(q(r.container, '[data-path="chapters[0].body"]')).toBeTruthy();
  });
});
