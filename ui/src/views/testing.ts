// Shared by the register views' tests: the app on a fake backend, showing one view.
import { fireEvent, render, waitFor } from '@testing-library/svelte';
import { expect } from 'vitest';
import App from '../App.svelte';
import type { FakeApi } from '../lib/fake';

export async function openView(api: FakeApi, view: string) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  await fireEvent.click(r.container.querySelector(`[data-view="${view}"]`)!);
  await waitFor(() => expect(r.container.querySelector(`[data-active-view="${view}"]`)).toBeTruthy());
  return r;
}

/** Types `value` into the field at `path`. */
export async function type(container: HTMLElement, path: string, value: string) {
  const el = container.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-path="${path}"]`);
  expect(el, path).toBeTruthy();
  el!.value = value;
  await fireEvent.input(el!);
}

/** Every edit sent to the fake backend so far. */
export function edits(api: FakeApi) {
  return api.callsOf('edit').flatMap((c) => c.edits);
}
