import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeApi, sampleTechFile } from './lib/fake';

async function start(api = new FakeApi()) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  return { api, ...r };
}

function field(container: HTMLElement, path: string) {
  const el = container.querySelector<HTMLInputElement>(`[data-path="${path}"]`);
  if (!el) throw new Error(`no field ${path}`);
  return el;
}

function button(container: HTMLElement, id: string) {
  const el = container.querySelector<HTMLButtonElement>(`#${id}`);
  if (!el) throw new Error(`no button #${id}`);
  return el;
}

afterEach(cleanup);

describe('Undo and redo in the app', () => {
  it('undoes with Ctrl+Z in a text field, keeps the field its own undo out, and redoes with Ctrl+Shift+Z and Ctrl+Y', async () => {
    const { api, container } = await start();
    await fireEvent.click(container.querySelector('[data-view="device"]')!);
    expect(button(container, 'undo').disabled).toBe(true);
    expect(button(container, 'redo').disabled).toBe(true);
    const name = field(container, 'device.trade_name');
    name.focus();
    await fireEvent.input(name, { target: { value: 'Typed' } });
    expect(button(container, 'undo').disabled).toBe(false);
    // Ctrl+Z while the field has focus, before the edit was even sent.
    const ev = new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true, cancelable: true });
    name.dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
    await waitFor(() => expect(field(container, 'device.trade_name').value).toBe('CardioScan AI'));
    expect(api.calls.map((c) => c.cmd).filter((c) => c === 'edit' || c === 'undo')).toEqual(['edit', 'undo']);
    // The field is back in focus after the view started afresh.
    await waitFor(() => expect(document.activeElement).toBe(field(container, 'device.trade_name')));
    await waitFor(() => expect(screen.queryByTestId('dirty')).toBeNull());
    await waitFor(() => expect(button(container, 'redo').disabled).toBe(false));

    const redo = new KeyboardEvent('keydown', { key: 'Z', ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true });
    field(container, 'device.trade_name').dispatchEvent(redo);
    expect(redo.defaultPrevented).toBe(true);
    await waitFor(() => expect(field(container, 'device.trade_name').value).toBe('Typed'));
    expect(screen.getByTestId('dirty')).toBeTruthy();

    await fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(field(container, 'device.trade_name').value).toBe('CardioScan AI'));
    await fireEvent.keyDown(window, { key: 'y', ctrlKey: true });
    await waitFor(() => expect(field(container, 'device.trade_name').value).toBe('Typed'));
    expect(api.callsOf('redo')).toHaveLength(2);
  });

  it('undoes and redoes with the toolbar buttons', async () => {
    const { api, container } = await start();
    await fireEvent.input(field(container, 'document.title'), { target: { value: 'New title' } });
    await waitFor(() => expect(api.held?.document.title).toBe('New title'));
    await fireEvent.click(button(container, 'undo'));
    await waitFor(() => expect(field(container, 'document.title').value).toBe('Technical documentation'));
    await waitFor(() => expect(button(container, 'undo').disabled).toBe(true));
    await fireEvent.click(button(container, 'redo'));
    await waitFor(() => expect(field(container, 'document.title').value).toBe('New title'));
    expect(button(container, 'redo').disabled).toBe(true);
  });

  it('keeps the browser its own field undo out (beforeinput historyUndo)', async () => {
    const { api, container } = await start();
    const title = field(container, 'document.title');
    const ev = new InputEvent('beforeinput', { inputType: 'historyUndo', bubbles: true, cancelable: true });
    title.dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
    await waitFor(() => expect(api.callsOf('undo')).toHaveLength(1));
  });
});

describe('The recovery offer', () => {
  function withOffer(error: string | null) {
    const api = new FakeApi();
    const recovered = sampleTechFile();
    recovered.device.trade_name = 'Recovered name';
    api.recovered = recovered;
    api.recoveryOffer = { file: '/data/untitled.techfile.recovery', written_ms: 1_767_225_600_000, error };
    return api;
  }

  it('restores the unsaved changes as unsaved', async () => {
    const { container } = await start(withOffer(null));
    expect(screen.getByTestId('recovery').textContent).toContain('/data/untitled.techfile.recovery');
    await fireEvent.click(button(container, 'recovery-restore'));
    await waitFor(() => expect(screen.queryByTestId('recovery')).toBeNull());
    await fireEvent.click(container.querySelector('[data-view="device"]')!);
    expect(field(container, 'device.trade_name').value).toBe('Recovered name');
    expect(screen.getByTestId('dirty')).toBeTruthy();
  });

  it('discards it, and shows an unreadable one with discard only', async () => {
    const api = withOffer('/data/untitled.techfile.recovery: not a recovery file this version can read');
    const { container } = await start(api);
    expect(screen.getByTestId('recovery').textContent).toContain('cannot be read');
    expect(container.querySelector('#recovery-restore')).toBeNull();
    await fireEvent.click(button(container, 'recovery-discard'));
    await waitFor(() => expect(screen.queryByTestId('recovery')).toBeNull());
    expect(api.callsOf('discardRecovery')).toHaveLength(1);
    expect(screen.queryByTestId('dirty')).toBeNull();
  });
});
