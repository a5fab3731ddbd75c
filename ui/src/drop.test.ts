// Files dropped on the window are imported by kind, each one undo step;
// a refused file says why; a drag without files does nothing.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeApi } from './lib/fake';
import type { TechFile } from './lib/types';

async function start(api: FakeApi) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  return r;
}

function item(name: string): TechFile['software_items'][number] {
  return { name, version: '1', safety_class: 'B', safety_class_rationale: '', description: '' };
}

function fileDrop(files: File[]) {
  return { dataTransfer: { types: ['Files'], files, dropEffect: 'none' } };
}

afterEach(cleanup);

describe('drag and drop', () => {
  it('imports a dropped file and says what it did', async () => {
    const api = new FakeApi();
    api.dropped = (tf, name) => {
      tf.device.trade_name = 'Dropped';
      return { kind: 'sbom', name, imported: 3, warnings: ['w'] };
    };
    const { container } = await start(api);
    const app = container.querySelector('.app')!;
    const file = new File(['{"bomFormat":"CycloneDX"}'], 'app.cdx.json');
    await fireEvent.dragOver(app, fileDrop([file]));
    expect(app.classList.contains('dropping')).toBe(true);
    await fireEvent.drop(app, fileDrop([file]));
    await waitFor(() =>
      expect(screen.getByTestId('notice').textContent).toBe('Imported 3 from app.cdx.json (SBOM) (1 warnings)'),
    );
    expect(app.classList.contains('dropping')).toBe(false);
    expect(api.callsOf('importDropped')).toEqual([{ cmd: 'importDropped', name: 'app.cdx.json', size: 25, item: null }]);
    // The import reached the model the views show.
    await fireEvent.click(container.querySelector('[data-view="device"]')!);
    await waitFor(() =>
      expect(container.querySelector<HTMLInputElement>('[data-path="device.trade_name"]')!.value).toBe('Dropped'),
    );
  });

  it('an SBOM naming none of several items asks which, with the keyboard, and goes there', async () => {
    const api = new FakeApi();
    api.initial.software_items = [item('viewer'), item('service')];
    api.droppedSubject = 'something-else';
    api.dropped = (tf, name, chosen) => {
      tf.device.trade_name = `Into ${chosen}`;
      return { kind: 'sbom', name, imported: 2, warnings: [], item: chosen };
    };
    const { container } = await start(api);
    await fireEvent.drop(container.querySelector('.app')!, fileDrop([new File(['{}'], 'app.cdx.json')]));
    const dialog = await screen.findByRole('dialog', { name: 'Which software item is this SBOM of?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const radios = [...dialog.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => r.value)).toEqual(['viewer', 'service']);
    // Focus starts on the first item; the second is chosen, then Enter.
    expect(document.activeElement).toBe(radios[0]);
    await fireEvent.click(radios[1]);
    expect(radios[1].checked).toBe(true);
    await fireEvent.submit(dialog.querySelector('form')!);
    await waitFor(() =>
      expect(screen.getByTestId('notice').textContent).toBe('Imported 2 from app.cdx.json (SBOM) into service'),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsOf('importDropped').map((c) => c.item)).toEqual([null, 'service']);
    expect(api.held!.device.trade_name).toBe('Into service');
  });

  it('Escape in the question cancels the import and changes nothing', async () => {
    const api = new FakeApi();
    api.initial.software_items = [item('viewer'), item('service')];
    api.droppedSubject = 'something-else';
    api.dropped = (tf, name, chosen) => {
      tf.device.trade_name = `Into ${chosen}`;
      return { kind: 'sbom', name, imported: 2, warnings: [], item: chosen };
    };
    const { container } = await start(api);
    await fireEvent.drop(container.querySelector('.app')!, fileDrop([new File(['{}'], 'app.cdx.json')]));
    const dialog = await screen.findByRole('dialog');
    // Tab stays inside the dialog: from the last button back to the items.
    const cancel = dialog.querySelector<HTMLButtonElement>('#item-cancel')!;
    cancel.focus();
    await fireEvent.keyDown(cancel, { key: 'Tab' });
    expect(document.activeElement).toBe(dialog.querySelector('input:checked'));
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('notice').textContent).toBe('Not imported: app.cdx.json (no software item chosen)');
    expect(api.callsOf('importDropped')).toHaveLength(1);
    expect(api.held!.device.trade_name).toBe('CardioScan AI');
  });

  it('an SBOM naming one of the items is imported without a question', async () => {
    const api = new FakeApi();
    api.initial.software_items = [item('viewer'), item('service')];
    api.droppedSubject = 'viewer';
    api.dropped = (_tf, name) => ({ kind: 'sbom', name, imported: 1, warnings: [], item: 'viewer' });
    const { container } = await start(api);
    await fireEvent.drop(container.querySelector('.app')!, fileDrop([new File(['{}'], 'app.cdx.json')]));
    await waitFor(() =>
      expect(screen.getByTestId('notice').textContent).toBe('Imported 1 from app.cdx.json (SBOM) into viewer'),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('a file of no known kind is refused with the reason', async () => {
    const api = new FakeApi();
    const { container } = await start(api);
    const app = container.querySelector('.app')!;
    await fireEvent.drop(app, fileDrop([new File(['hello'], 'notes.txt')]));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toContain('Could not import notes.txt'));
    expect(screen.getByTestId('notice').className).toContain('error');
  });

  it('a drag without files is left alone', async () => {
    const api = new FakeApi();
    const { container } = await start(api);
    const app = container.querySelector('.app')!;
    await fireEvent.dragOver(app, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(app.classList.contains('dropping')).toBe(false);
    await fireEvent.drop(app, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(api.callsOf('importDropped')).toEqual([]);
  });
});
