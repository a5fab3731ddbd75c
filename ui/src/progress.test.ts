// A long task (an export, an SBOM import, a dropped SBOM) shows its
// progress in the footer and can be cancelled; a cancelled task says so
// and changes nothing.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeApi } from './lib/fake';
import type { Component, SbomPart } from './lib/sbom';

async function start(api: FakeApi) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  return r;
}

function gate(api: FakeApi): () => void {
  let finish!: () => void;
  api.taskGate = new Promise<void>((r) => (finish = r));
  return finish;
}

const SOUP = {
  requirements: '',
  required_hw_sw: '',
  hazardous_situations: '',
  anomaly_review_date: '',
  anomaly_review_result: '',
  support_level: '',
  end_of_support: '',
};

const importing = { what: 'Importing stress.cdx.json', stage: 'sbom.parse', done: 0.08, cancelling: false };

afterEach(cleanup);

describe('export progress', () => {
  it('shows the share done while the export runs, then goes', async () => {
    const api = new FakeApi();
    const finish = gate(api);
    api.taskReport = { what: 'Exporting PDF', stage: 'pdf.layout', done: 0.28, count: null, cancelling: false };
    const { container } = await start(api);
    await fireEvent.click(container.querySelector('#export-pdf')!);
    const bar = await screen.findByTestId('task-progress');
    expect(bar.textContent).toContain('Exporting PDF…');
    expect(bar.textContent).toContain('28 %');
    expect(bar.querySelector('progress')?.getAttribute('value')).toBe('0.28');
    api.taskReport = { ...api.taskReport, stage: 'pdf.content', done: 0.85 };
    await waitFor(() => expect(screen.getByTestId('task-progress').textContent).toContain('85 %'));
    finish();
    await waitFor(() => expect(screen.queryByTestId('task-progress')).toBeNull());
    expect(screen.getByTestId('notice').textContent).toContain('Exported PDF');
  });

  it('Cancel stops the export, which says nothing was written', async () => {
    const api = new FakeApi();
    const finish = gate(api);
    api.taskReport = { what: 'Exporting PDF', stage: '', done: 0, count: null, cancelling: false };
    const { container } = await start(api);
    await fireEvent.click(container.querySelector('#export-pdf')!);
    const cancel = await waitFor(() => {
      const b = container.querySelector<HTMLButtonElement>('#cancel-task');
      expect(b).toBeTruthy();
      return b!;
    });
    await fireEvent.click(cancel);
    expect(api.callsOf('cancelTask')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('task-progress').textContent).toContain('cancelling'));
    expect(container.querySelector<HTMLButtonElement>('#cancel-task')!.disabled).toBe(true);
    finish();
    await waitFor(() => expect(screen.queryByTestId('task-progress')).toBeNull());
    const notice = screen.getByTestId('notice');
    expect(notice.textContent).toBe('Export cancelled; nothing was written');
    expect(notice.className).toContain('info');
  });
});

describe('SBOM import progress', () => {
  const sbom = (): SbomPart => ({
    documents: [],
    components: [
      {
        id: 'pkg:npm/x@1',
        type: 'library',
        group: '',
        name: 'x',
        version: '1',
        supplier: '',
        author: '',
        description: '',
        purl: 'pkg:npm/x@1',
        cpe: '',
        swid: '',
        hashes: [],
        licenses: ['MIT'],
        scope: '',
        parent: '',
        depends_on: [],
        items: ['app'],
        source_ref: '',
        soup: SOUP,
      } as Component,
    ],
    vulnerabilities: [],
  });

  it('the SBOM view import shows the components counted, then the report', async () => {
    const api = new FakeApi();
    api.dialogAnswer = '/work/stress.cdx.json';
    api.importedSbom = sbom();
    const finish = gate(api);
    api.taskReport = { ...importing, count: { done: 1200, total: 5000, unit: 'components' } };
    const { container } = await start(api);
    await fireEvent.click(container.querySelector('[data-view="sbom"]')!);
    await fireEvent.click(await screen.findByRole('button', { name: 'Import SBOM…' }));
    const bar = await screen.findByTestId('task-progress');
    expect(bar.textContent).toContain('Importing stress.cdx.json…');
    expect(screen.getByTestId('task-count').textContent).toBe('1,200 of 5,000 components');
    api.taskReport = { ...importing, done: 0.2, count: { done: 4800, total: 5000, unit: 'components' } };
    await waitFor(() => expect(screen.getByTestId('task-count').textContent).toBe('4,800 of 5,000 components'));
    finish();
    await waitFor(() => expect(screen.queryByTestId('task-progress')).toBeNull());
    await screen.findByTestId('sbom-import-report');
  });

  it('a dropped SBOM cancelled from the bar leaves the project unchanged and says so', async () => {
    const api = new FakeApi();
    api.dropped = (tf, name) => {
      tf.device.trade_name = 'Changed by the import';
      return { kind: 'sbom', name, imported: 5000, warnings: [] };
    };
    const finish = gate(api);
    api.taskReport = { ...importing, count: { done: 100, total: 5000, unit: 'components' } };
    const { container } = await start(api);
    const app = container.querySelector('.app')!;
    const file = new File(['{"bomFormat":"CycloneDX"}'], 'stress.cdx.json');
    await fireEvent.drop(app, { dataTransfer: { types: ['Files'], files: [file] } });
    await screen.findByTestId('task-progress');
    await fireEvent.click(container.querySelector<HTMLButtonElement>('#cancel-task')!);
    finish();
    await waitFor(() =>
      expect(screen.getByTestId('notice').textContent).toBe(
        'Import of stress.cdx.json cancelled; the project is unchanged',
      ),
    );
    expect(screen.queryByTestId('task-progress')).toBeNull();
    expect(api.held!.device.trade_name).toBe('CardioScan AI');
    expect(container.querySelector<HTMLButtonElement>('#undo')!.disabled).toBe(true);
  });
});
