// The recent projects menu beside Open: fetched when it opens, a missing
// file shown but not offered, a click opens the project.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeApi, sampleTechFile } from './lib/fake';

async function start(api: FakeApi) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  return r;
}

afterEach(cleanup);

describe('recent projects', () => {
  it('lists the recent projects and opens one', async () => {
    const api = new FakeApi();
    const tf = sampleTechFile();
    tf.document.title = 'The recent one';
    api.files.set('/work/a/recent.techfile.json', tf);
    api.recent = ['/work/a/recent.techfile.json', '/work/b/gone.techfile.json'];
    const { container } = await start(api);
    const details = container.querySelector<HTMLDetailsElement>('details.recent')!;
    details.open = true;
    await fireEvent(details, new Event('toggle'));
    const here = await waitFor(() => {
      const b = container.querySelector<HTMLButtonElement>('[data-recent="/work/a/recent.techfile.json"]');
      expect(b).toBeTruthy();
      return b!;
    });
    const gone = container.querySelector<HTMLButtonElement>('[data-recent="/work/b/gone.techfile.json"]')!;
    expect(gone.disabled).toBe(true);
    expect(gone.textContent).toContain('not found');
    expect(here.disabled).toBe(false);
    await fireEvent.click(here);
    await waitFor(() =>
      expect(container.querySelector<HTMLInputElement>('[data-path="document.title"]')!.value).toBe('The recent one'),
    );
    expect(api.callsOf('openRecent')).toEqual([{ cmd: 'openRecent', path: '/work/a/recent.techfile.json' }]);
    expect(screen.getByTestId('project-name').textContent).toBe('recent.techfile.json');
  });

  it('says so when there are none', async () => {
    const api = new FakeApi();
    const { container } = await start(api);
    const details = container.querySelector<HTMLDetailsElement>('details.recent')!;
    details.open = true;
    await fireEvent(details, new Event('toggle'));
    await screen.findByText('No recent projects yet.');
  });
});
