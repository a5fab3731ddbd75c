import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { ApiError } from './lib/api';
import { FakeApi } from './lib/fake';
import { views, viewFor } from './views';

async function start(api = new FakeApi()) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  expect(screen.getByTestId('project-name').textContent).toBe('Example (not saved)');
  return { api, ...r };
}

function field(container: HTMLElement, path: string) {
  const el = container.querySelector<HTMLInputElement>(`[data-path="${path}"]`);
  if (!el) throw new Error(`no field ${path}`);
  return el;
}

afterEach(cleanup);

describe('App', () => {
  it('opens on document control and shows every document field', async () => {
    const { container } = await start();
    for (const p of ['document.document_id', 'document.title', 'document.version', 'document.date', 'document.revisions[0].author', 'document.approvals[0].meaning']) {
      expect(field(container, p)).toBeTruthy();
    }
    expect(field(container, 'document.document_id').value).toBe('TF-ECG-001');
  });

  it('shows every device field on the device view', async () => {
    const { container } = await start();
    await fireEvent.click(container.querySelector('[data-view="device"]')!);
    const paths = [
      'device.trade_name', 'device.description', 'device.manufacturer.name', 'device.manufacturer.address',
      'device.manufacturer.country', 'device.manufacturer.srn', 'device.manufacturer.email', 'device.basic_udi_di',
      'device.udi_dis', 'device.risk_class', 'device.classification_rule', 'device.intended_purpose',
      'device.intended_users', 'device.patient_population', 'device.indications', 'device.contraindications',
      'device.warnings', 'device.principle_of_operation', 'device.qualification_rationale', 'device.novel_features',
      'device.variants', 'device.accessories', 'device.key_functional_elements', 'device.previous_generations',
      'device.notified_body', 'device.conformity_route', 'device.emdn_code',
    ];
    for (const p of paths) expect(field(container, p), p).toBeTruthy();
    expect((field(container, 'device.risk_class') as unknown as HTMLSelectElement).value).toBe('IIa');
  });

  it('marks the project dirty, re-checks and saves with Ctrl+S after an edit', async () => {
    const { api, container } = await start();
    await fireEvent.click(container.querySelector('[data-view="device"]')!);
    const name = field(container, 'device.trade_name');
    await fireEvent.input(name, { target: { value: '' } });
    expect(screen.getByTestId('dirty')).toBeTruthy();
    await waitFor(() => expect(api.callsOf('setDirty').at(-1)?.dirty).toBe(true));
    // The findings panel follows the edit.
    await waitFor(() => expect(container.querySelector('[data-rule="device.trade_name"]')).toBeTruthy());
    expect(container.querySelector('[data-finding-for="device.trade_name"]')?.textContent).toContain('missing');

    // Only the edited field crosses to the backend, never the project.
    expect(api.callsOf('edit').flatMap((c) => c.edits)).toEqual([{ op: 'set', path: 'device.trade_name', value: '' }]);

    await fireEvent.input(name, { target: { value: 'CardioScan Pro' } });
    await fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await waitFor(() => expect(api.callsOf('saveProject')).toHaveLength(1));
    expect(api.files.get('/tmp/chosen.techfile.json')?.device.trade_name).toBe('CardioScan Pro');
    await waitFor(() => expect(screen.queryByTestId('dirty')).toBeNull());
    await waitFor(() => expect(api.callsOf('setDirty').at(-1)?.dirty).toBe(false));
    await waitFor(() => expect(container.querySelector('[data-rule="device.trade_name"]')).toBeNull());
  });

  it('edits list and table rows', async () => {
    const { api, container } = await start();
    await fireEvent.click(screen.getByText('+ Add revision'));
    await tick();
    await fireEvent.input(field(container, 'document.revisions[1].version'), { target: { value: '1.1' } });
    await fireEvent.click(container.querySelector('[data-view="device"]')!);
    await fireEvent.click(screen.getByText('+ Add warning'));
    await fireEvent.input(field(container, 'device.warnings[1]'), { target: { value: 'Not a diagnosis' } });
    await fireEvent.click(container.querySelector('#save')!);
    await waitFor(() => expect(api.callsOf('saveProject')).toHaveLength(1));
    const saved = api.files.get('/tmp/chosen.techfile.json')!;
    expect(api.callsOf('edit').map((c) => c.edits[0].op)).toEqual(['insert', 'set', 'insert', 'set']);
    expect(saved.document.revisions[1]).toEqual({ version: '1.1', date: '', author: '', description: '' });
    expect(saved.device.warnings).toEqual(['Not for use in paediatric patients', 'Not a diagnosis']);
  });

  it('moves and removes table rows through the backend', async () => {
    const { api, container } = await start();
    await fireEvent.click(screen.getByText('+ Add revision'));
    await tick();
    await fireEvent.input(field(container, 'document.revisions[1].version'), { target: { value: '0.9' } });
    await fireEvent.click(container.querySelectorAll<HTMLButtonElement>('[data-path="document.revisions"] button[title="Move up"]')[1]);
    expect(field(container, 'document.revisions[0].version').value).toBe('0.9');
    await waitFor(() => expect(api.held?.document.revisions.map((r) => r.version)).toEqual(['0.9', '1.0']));
    await fireEvent.click(container.querySelectorAll<HTMLButtonElement>('[data-path="document.revisions"] button[title="Remove row"]')[0]);
    await waitFor(() => expect(api.held?.document.revisions.map((r) => r.version)).toEqual(['1.0']));
    expect(field(container, 'document.revisions[0].version').value).toBe('1.0');
  });

  it('shows a refused edit and the value the backend kept', async () => {
    const api = new FakeApi();
    const { container } = await start(api);
    await fireEvent.click(container.querySelector('[data-view="device"]')!);
    api.failNext = new ApiError('edit.invalid', '`device.emdn_code`: too long');
    await fireEvent.input(field(container, 'device.emdn_code'), { target: { value: 'Z1204019200000' } });
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toBe('Edit refused: `device.emdn_code`: too long'));
    await waitFor(() => expect(field(container, 'device.emdn_code').value).toBe('Z12040192'));
    expect(api.held?.device.emdn_code).toBe('Z12040192');
  });

  it('jumps to the field of a finding that is clicked', async () => {
    const api = new FakeApi();
    api.initial.device.manufacturer.srn = '';
    const { container } = await start(api);
    expect(container.querySelector('[data-active-view="document"]')).toBeTruthy();
    await fireEvent.click(container.querySelector('[data-rule="device.srn"]')!);
    await waitFor(() => expect(container.querySelector('[data-active-view="device"]')).toBeTruthy());
    expect(document.activeElement).toBe(field(container, 'device.manufacturer.srn'));
  });

  it('exports PDF and Markdown through the adapter', async () => {
    const { api, container } = await start();
    await fireEvent.click(container.querySelector('#export-pdf')!);
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toContain('Exported PDF'));
    await fireEvent.click(container.querySelector('#export-md')!);
    await waitFor(() => expect(api.callsOf('exportProject').map((c) => c.format)).toEqual(['pdf', 'markdown']));
  });

  it('shows the error message when the project cannot be opened', async () => {
    const api = new FakeApi();
    api.dialogAnswer = '/missing.json';
    const { container } = await start(api);
    await fireEvent.click(container.querySelector('#open')!);
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toBe('Could not open: /missing.json: cannot read'));
  });
});

describe('views', () => {
  it('gives every view its own id and its own parts of the model', () => {
    const ids = views.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    const owned = views.flatMap((v) => v.owns);
    expect(new Set(owned).size).toBe(owned.length);
    expect(viewFor('device.manufacturer.srn')?.id).toBe('device');
    expect(viewFor('document.approvals[0].date')?.id).toBe('document');
    expect(viewFor('nothing.here')).toBeUndefined();
  });
});
