// A long export shows its progress in the footer and can be cancelled;
// a cancelled export says so and writes nothing.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeApi } from './lib/fake';

async function start(api: FakeApi) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  return r;
}

afterEach(cleanup);

describe('export progress', () => {
  it('shows the share done while the export runs, then goes', async () => {
    const api = new FakeApi();
    let finish!: () => void;
    api.exportGate = new Promise<void>((r) => (finish = r));
    api.exportReport = { what: 'pdf', stage: 'pdf.layout', done: 0.28, cancelling: false };
    const { container } = await start(api);
    await fireEvent.click(container.querySelector('#export-pdf')!);
    const bar = await screen.findByTestId('export-progress');
    expect(bar.textContent).toContain('28 %');
    expect(bar.querySelector('progress')?.getAttribute('value')).toBe('0.28');
    api.exportReport = { ...api.exportReport, stage: 'pdf.content', done: 0.85 };
    await waitFor(() => expect(screen.getByTestId('export-progress').textContent).toContain('85 %'));
    finish();
    await waitFor(() => expect(screen.queryByTestId('export-progress')).toBeNull());
    expect(screen.getByTestId('notice').textContent).toContain('Exported PDF');
  });

  it('Cancel stops the export, which says nothing was written', async () => {
    const api = new FakeApi();
    let finish!: () => void;
    api.exportGate = new Promise<void>((r) => (finish = r));
    api.exportReport = { what: 'pdf', stage: '', done: 0, cancelling: false };
    const { container } = await start(api);
    await fireEvent.click(container.querySelector('#export-pdf')!);
    const cancel = await waitFor(() => {
      const b = container.querySelector<HTMLButtonElement>('#cancel-export');
      expect(b).toBeTruthy();
      return b!;
    });
    await fireEvent.click(cancel);
    expect(api.callsOf('cancelExport')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('export-progress').textContent).toContain('cancelling'));
    finish();
    await waitFor(() => expect(screen.queryByTestId('export-progress')).toBeNull());
    const notice = screen.getByTestId('notice');
    expect(notice.textContent).toBe('Export cancelled; nothing was written');
    expect(notice.className).toContain('info');
  });
});
