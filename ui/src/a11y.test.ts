// The automated accessibility check of every view (issue 13, point 5): the
// app with the fake backend, each view of the registry opened in turn and
// run through axe-core. A violation fails with its rule, impact and the
// elements it names. Colour contrast needs real layout, which jsdom has not:
// that rule is left to the end-to-end screenshots.
import './test/codemirror-jsdom';
import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import axe from 'axe-core';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { newSystem, type AiPart } from './lib/ai';
import { FakeApi, sampleTechFile } from './lib/fake';
import { emptyDocument, emptyGsprRow } from './lib/registers';
import { emptyEntry, type RiskPart } from './lib/risk';
import { views } from './views';

// axe probes icon fonts through a canvas, which jsdom lacks: no canvas, no probe.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;

afterEach(cleanup);

function report(results: axe.AxeResults): string[] {
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
}

async function audit(root: Element): Promise<string[]> {
  const results = await axe.run(root, {
    rules: { 'color-contrast': { enabled: false } },
    resultTypes: ['violations'],
  });
  return report(results);
}

describe('accessibility', () => {
  for (const v of views) {
    it(`the ${v.id} view has no axe violations`, async () => {
      const tf = sampleTechFile();
      tf.chapters = [
        { id: 'scope', title: 'Scope', clauses: ['MDR-II-1'], body: 'Some **text**.' },
        { id: 'labels', title: 'Labelling', clauses: [], body: '' },
      ];
      // A row in each list, so the editors of rows are audited too.
      (tf.risk as RiskPart).entries = [emptyEntry('R-1')];
      (tf.ai as AiPart).systems = [newSystem('ecg-net')];
      tf.software_items = [{ name: 'app', version: '1.0', safety_class: 'B', safety_class_rationale: '', description: '' }];
      tf.documents = [{ ...emptyDocument(), document_id: 'VVR-1', file: 'vvr.pdf' }];
      tf.gspr = { rows: [emptyGsprRow('MDR-I-1')] };
      tf.standards.entries = [
        { id: 'EN-62304', designation: 'EN 62304:2006/A1:2015', title: '', edition: '', amendments: ['A1:2015'], adopts: '', harmonised: true, oj_reference: '', state_of_the_art: '', applied: 'fully', deviations: '' },
      ];
      tf.applicability.cra_products = [{ name: 'Gateway', description: '' }];
      const api = new FakeApi(tf);
      const { container } = render(App, { props: { api, debounceMs: 10 } });
      await waitFor(() => expect(container.querySelector('[data-path="document.title"]')).toBeTruthy());
      await fireEvent.click(container.querySelector(`[data-view="${v.id}"]`)!);
      await waitFor(() => expect(container.querySelector(`[data-active-view="${v.id}"]`)).toBeTruthy());
      // Let views that load from the backend (risk view, catalogues, preview) settle.
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 20));
        await tick();
      }
      expect(await audit(container), `axe violations in the ${v.id} view`).toEqual([]);
      // The GSPR matrix's row editor too.
      const row = container.querySelector<HTMLElement>('[data-testid="gspr-rows"] [data-row="0"]');
      if (row) {
        await fireEvent.click(row);
        expect(await audit(container), 'axe violations with a GSPR row open').toEqual([]);
      }
      // The chapters view's delete confirmation too.
      const del = container.querySelector('[data-delete="0"]');
      if (del) {
        await fireEvent.click(del);
        expect(await audit(container), 'axe violations with the delete confirmation').toEqual([]);
      }
    });
  }

  it('the start screen has no axe violations', async () => {
    const api = new FakeApi();
    api.startEmpty = true;
    api.files.set('/work/a/here.techfile.json', sampleTechFile());
    api.recent = ['/work/a/here.techfile.json', '/work/b/gone.techfile.json'];
    const { container } = render(App, { props: { api, debounceMs: 10 } });
    await waitFor(() => expect(container.querySelector('[data-start-recent="/work/b/gone.techfile.json"]')).toBeTruthy());
    expect(await audit(container), 'axe violations on the start screen').toEqual([]);
  });

  it('the software item question of a dropped SBOM and the progress bar have no axe violations', async () => {
    const tf = sampleTechFile();
    tf.software_items = ['viewer', 'service'].map((name) => ({
      name,
      version: '1',
      safety_class: 'B' as const,
      safety_class_rationale: '',
      description: '',
    }));
    const api = new FakeApi(tf);
    api.droppedSubject = 'other';
    api.dropped = (_tf, name, item) => ({ kind: 'sbom', name, imported: 1, warnings: [], item });
    api.taskGate = new Promise<void>(() => {});
    api.taskReport = { what: 'Importing a.cdx.json', stage: 'sbom.parse', done: 0.1, count: { done: 100, total: 5000, unit: 'components' }, cancelling: false };
    const { container } = render(App, { props: { api, debounceMs: 10 } });
    await waitFor(() => expect(container.querySelector('[data-path="document.title"]')).toBeTruthy());
    const file = new File(['{}'], 'a.cdx.json');
    await fireEvent.drop(container.querySelector('.app')!, { dataTransfer: { types: ['Files'], files: [file] } });
    await waitFor(() => expect(container.querySelector('#item-dialog')).toBeTruthy());
    expect(await audit(container), 'axe violations with the item question open').toEqual([]);
    await fireEvent.submit(container.querySelector('#item-dialog form')!);
    await waitFor(() => expect(container.querySelector('[data-testid="task-progress"]')).toBeTruthy());
    expect(await audit(container), 'axe violations with the progress bar').toEqual([]);
  });
});
