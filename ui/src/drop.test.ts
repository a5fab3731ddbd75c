// Files dropped on the window are imported by kind, each one undo step;
// a refused file says why; a drag without files does nothing.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeApi } from './lib/fake';

async function start(api: FakeApi) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  return r;
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
    expect(api.callsOf('importDropped')).toEqual([{ cmd: 'importDropped', name: 'app.cdx.json', size: 25 }]);
    // The import reached the model the views show.
    await fireEvent.click(container.querySelector('[data-view="device"]')!);
    await waitFor(() =>
      expect(container.querySelector<HTMLInputElement>('[data-path="device.trade_name"]')!.value).toBe('Dropped'),
    );
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
