// With no project at start the app shows its start screen: New project,
// New from the example, Open…, and the recent projects (a missing one
// marked and not clickable); each opens a project and the screen goes.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeApi, sampleTechFile } from './lib/fake';

function startEmpty() {
  const api = new FakeApi();
  api.startEmpty = true;
  const tf = sampleTechFile();
  tf.document.title = 'The recent one';
  api.files.set('/work/a/recent.techfile.json', tf);
  api.recent = ['/work/b/gone.techfile.json', '/work/a/recent.techfile.json'];
  return api;
}

afterEach(cleanup);

describe('start screen', () => {
  it('lists the recent projects, marks a missing one and opens another', async () => {
    const api = startEmpty();
    const { container } = render(App, { props: { api, debounceMs: 10 } });
    await screen.findByTestId('start-screen');
    expect(container.querySelector('[data-path]')).toBeNull();
    expect(screen.getByTestId('project-name').textContent).toBe('No project open');
    expect(container.querySelector('footer .path')!.textContent).toBe('No project open');
    const gone = await waitFor(() => {
      const b = container.querySelector<HTMLButtonElement>('[data-start-recent="/work/b/gone.techfile.json"]');
      expect(b).toBeTruthy();
      return b!;
    });
    expect(gone.disabled).toBe(true);
    expect(gone.textContent).toContain('not found');
    expect(gone.textContent).toContain('/work/b');
    const here = container.querySelector<HTMLButtonElement>('[data-start-recent="/work/a/recent.techfile.json"]')!;
    expect(here.disabled).toBe(false);
    expect(here.textContent).toContain('recent.techfile.json');
    expect(here.textContent).toContain('/work/a');
    // Keyboard reachable: every entry is a button, in Tab order.
    const order = [...container.querySelectorAll<HTMLButtonElement>('[data-testid="start-screen"] button')]
      .filter((b) => !b.disabled)
      .map((b) => b.id || b.dataset.startRecent);
    expect(order).toEqual(['start-new', 'start-example', 'start-open', '/work/a/recent.techfile.json']);
    await fireEvent.click(here);
    await waitFor(() =>
      expect(container.querySelector<HTMLInputElement>('[data-path="document.title"]')!.value).toBe('The recent one'),
    );
    expect(screen.queryByTestId('start-screen')).toBeNull();
    expect(api.callsOf('openRecent')).toEqual([{ cmd: 'openRecent', path: '/work/a/recent.techfile.json' }]);
  });

  it('New project opens an empty untitled project', async () => {
    const api = startEmpty();
    const { container } = render(App, { props: { api, debounceMs: 10 } });
    await screen.findByTestId('start-screen');
    await fireEvent.click(container.querySelector<HTMLButtonElement>('#start-new')!);
    await waitFor(() => expect(container.querySelector('[data-path="document.title"]')).toBeTruthy());
    expect(api.callsOf('newProject')).toEqual([{ cmd: 'newProject', example: false }]);
    expect(screen.getByTestId('project-name').textContent).toBe('Untitled (not saved)');
    expect(container.querySelector('footer .path')!.textContent).toBe('New project — not saved yet');
    await waitFor(() =>
      expect(screen.getByTestId('notice').textContent).toBe('New project. Save it to choose where it is kept.'),
    );
    await fireEvent.click(container.querySelector('[data-view="device"]')!);
    await waitFor(() =>
      expect(container.querySelector<HTMLInputElement>('[data-path="device.trade_name"]')!.value).toBe(''),
    );
  });

  it('New from the example opens the bundled example, untitled', async () => {
    const again = startEmpty();
    const r = render(App, { props: { api: again, debounceMs: 10 } });
    await screen.findByTestId('start-screen');
    await fireEvent.click(r.container.querySelector<HTMLButtonElement>('#start-example')!);
    await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
    expect(again.callsOf('newProject')).toEqual([{ cmd: 'newProject', example: true }]);
    expect(screen.getByTestId('project-name').textContent).toBe('Example (not saved)');
  });

  it('Open… on the start screen opens the chosen project', async () => {
    const api = startEmpty();
    api.dialogAnswer = '/work/a/recent.techfile.json';
    const { container } = render(App, { props: { api, debounceMs: 10 } });
    await screen.findByTestId('start-screen');
    await fireEvent.click(container.querySelector<HTMLButtonElement>('#start-open')!);
    await waitFor(() =>
      expect(container.querySelector<HTMLInputElement>('[data-path="document.title"]')!.value).toBe('The recent one'),
    );
    expect(api.callsOf('openProject')).toHaveLength(1);
  });

  it('says so when there are no recent projects', async () => {
    const api = new FakeApi();
    api.startEmpty = true;
    render(App, { props: { api, debounceMs: 10 } });
    await screen.findByTestId('start-no-recent');
  });
});
