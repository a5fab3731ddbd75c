import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../App.svelte';
import { ApiError } from '../lib/api';
import { FakeApi } from '../lib/fake';
import type { Compared } from '../lib/types';

const sample: Compared = {
  against: '/p/old.techfile.json',
  markdown: '# Changes',
  diff: {
    old: { document_id: 'TF-1', title: 'T', version: '1.0', date: '2026-01-01' },
    new: { document_id: 'TF-1', title: 'T', version: '2.0', date: '2026-06-01' },
    summary: ['TF-1 T: version 1.0 (2026-01-01) compared with version 2.0 (2026-06-01).', 'Device: 1 changed (Trade name).'],
    sections: [
      {
        id: 'device',
        title: 'Device',
        entries: [
          {
            change: 'changed',
            subject: 'Trade name',
            path: 'device.trade_name',
            details: [{ change: 'changed', field: '', old: 'Old name', new: 'New name', added: [], removed: [] }],
          },
        ],
      },
      {
        id: 'sbom:app',
        title: 'SBOM of app',
        entries: [
          {
            change: 'changed',
            subject: 'numpy 2.1.3 → 2.2.0',
            path: 'sbom.components[pkg:pypi/numpy]',
            details: [
              { change: 'changed', field: 'version', old: '2.1.3', new: '2.2.0', added: [], removed: [] },
              { change: 'changed', field: 'licenses', old: 'BSD-3-Clause', new: 'MIT', added: ['MIT'], removed: ['BSD-3-Clause'] },
            ],
          },
        ],
      },
    ],
  },
};

async function openCompare(api: FakeApi) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-view="compare"]')).toBeTruthy());
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  await fireEvent.click(r.container.querySelector('[data-view="compare"]')!);
  await waitFor(() => expect(r.container.querySelector('#compare-file')).toBeTruthy());
  return r;
}

afterEach(cleanup);

describe('CompareView', () => {
  it('compares with a chosen file and shows the summary and each change', async () => {
    const api = new FakeApi();
    api.compared = sample;
    const { container } = await openCompare(api);
    await fireEvent.click(container.querySelector('#compare-file')!);
    await waitFor(() => expect(container.querySelector('[data-testid="diff-summary"]')).toBeTruthy());
    expect(api.callsOf('compareWith')).toEqual([{ cmd: 'compareWith', backup: false }]);
    const summary = container.querySelector('[data-testid="diff-summary"]')!.textContent!;
    expect(summary).toContain('compared with version 2.0');
    const name = container.querySelector('[data-change-path="device.trade_name"]')!.textContent!;
    expect(name).toContain('Old name → New name');
    const numpy = container.querySelector('[data-change-path="sbom.components[pkg:pypi/numpy]"]')!.textContent!;
    expect(numpy).toContain('numpy 2.1.3 → 2.2.0');
    expect(numpy).toContain('added MIT; removed BSD-3-Clause');
  });

  it('compares after the edits still on their way, not before them', async () => {
    const api = new FakeApi();
    api.compared = sample;
    const r = render(App, { props: { api, debounceMs: 5000 } });
    await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
    const title = r.container.querySelector<HTMLInputElement>('[data-path="document.title"]')!;
    title.value = 'Edited just now';
    await fireEvent.input(title);
    await fireEvent.click(r.container.querySelector('[data-view="compare"]')!);
    await waitFor(() => expect(r.container.querySelector('#compare-file')).toBeTruthy());
    await fireEvent.click(r.container.querySelector('#compare-file')!);
    await waitFor(() => expect(r.container.querySelector('[data-testid="diff-summary"]')).toBeTruthy());
    const order = api.calls.map((c) => c.cmd).filter((c) => c === 'edit' || c === 'compareWith');
    expect(order).toEqual(['edit', 'compareWith']);
  });

  it('asks for the backup and shows why when there is none', async () => {
    const api = new FakeApi();
    const { container } = await openCompare(api);
    api.failNext = new ApiError('compare.no-backup', 'there is no backup yet');
    await fireEvent.click(container.querySelector('#compare-backup')!);
    await waitFor(() => expect(container.querySelector('[role="alert"]')?.textContent).toContain('there is no backup yet'));
    expect(api.callsOf('compareWith')).toEqual([{ cmd: 'compareWith', backup: true }]);
    expect(container.querySelector('[data-testid="diff-summary"]')).toBeNull();
  });
});
