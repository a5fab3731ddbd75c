// The keyboard layer of the app: the F1 overlay lists the shortcuts and
// closes with Escape or its button; F8 and Shift+F8 walk the findings,
// opening each one's view.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeApi } from './lib/fake';

async function start(api = new FakeApi()) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  return { api, ...r };
}

afterEach(cleanup);

describe('keyboard shortcuts', () => {
  it('F1 shows the list, Escape and Close hide it, the button toggles it', async () => {
    const { container } = await start();
    expect(screen.queryByTestId('help')).toBeNull();
    await fireEvent.keyDown(window, { key: 'F1' });
    const help = await screen.findByTestId('help');
    const rows = [...help.querySelectorAll('tbody tr')].map((r) => r.textContent ?? '');
    for (const keys of ['Ctrl+O', 'Ctrl+S', 'Ctrl+Shift+S', 'Ctrl+E', 'Ctrl+Z', 'F8']) {
      expect(rows.some((r) => r.startsWith(keys)), `${keys} is listed`).toBe(true);
    }
    const results = await axe.run(help, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('help')).toBeNull());
    const button = container.querySelector<HTMLButtonElement>('#help')!;
    await fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    await fireEvent.click(await screen.findByText('Close'));
    await waitFor(() => expect(screen.queryByTestId('help')).toBeNull());
  });

  it('F8 opens the view of the next finding, Shift+F8 goes back', async () => {
    const api = new FakeApi();
    api.rules = () => [
      { rule: 'T-1', severity: 'error', path: 'device.trade_name', message: 'no trade name' },
      { rule: 'T-2', severity: 'warning', path: 'risk.entries', message: 'no risks' },
    ];
    const { container } = await start(api);
    const activeView = () => container.querySelector('main')?.getAttribute('data-active-view');
    expect(activeView()).toBe('document');
    await fireEvent.keyDown(window, { key: 'F8' });
    await waitFor(() => expect(activeView()).toBe('device'));
    await waitFor(() =>
      expect(document.activeElement?.getAttribute('data-path')).toBe('device.trade_name'),
    );
    await fireEvent.keyDown(window, { key: 'F8' });
    await waitFor(() => expect(activeView()).toBe('risk'));
    // Past the last it starts again; Shift+F8 goes back.
    await fireEvent.keyDown(window, { key: 'F8' });
    await waitFor(() => expect(activeView()).toBe('device'));
    await fireEvent.keyDown(window, { key: 'F8', shiftKey: true });
    await waitFor(() => expect(activeView()).toBe('risk'));
  });
});

describe('find', () => {
  it("Ctrl+F focuses the view's search box, else the findings' one, which filters them", async () => {
    const api = new FakeApi();
    api.rules = () => [
      { rule: 'T-1', severity: 'error', path: 'device.trade_name', message: 'no trade name' },
      { rule: 'T-2', severity: 'warning', path: 'risk.entries', message: 'no risks' },
    ];
    const { container } = await start(api);
    await fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    const box = container.querySelector<HTMLInputElement>('#find-findings')!;
    expect(document.activeElement).toBe(box);
    const listed = () => [...container.querySelectorAll('aside.findings [data-rule]')].map((e) => e.getAttribute('data-rule'));
    await waitFor(() => expect(listed().sort()).toEqual(['T-1', 'T-2']));
    await fireEvent.input(box, { target: { value: 'RISKS' } });
    await waitFor(() => expect(listed()).toEqual(['T-2']));
    await fireEvent.input(box, { target: { value: 'nothing like it' } });
    await screen.findByText('No finding contains “nothing like it”.');
    // On the SBOM view, its own search box.
    await fireEvent.click(container.querySelector('[data-view="sbom"]')!);
    await waitFor(() => expect(container.querySelector('main input[type="search"]')).toBeTruthy());
    await fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    expect(document.activeElement).toBe(container.querySelector('main input[type="search"]'));
  });
});
