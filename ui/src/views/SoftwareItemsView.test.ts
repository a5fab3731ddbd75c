import { cleanup, fireEvent, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../lib/fake';
import { edits, openView, type } from './testing';

afterEach(cleanup);

describe('SoftwareItemsView', () => {
  it('adds, edits and removes software items as edits by path', async () => {
    const api = new FakeApi();
    api.initial.software_items = [{ name: 'app', version: '1.0', safety_class: 'B', safety_class_rationale: '', description: '' }];
    const { container } = await openView(api, 'software-items');
    const name = container.querySelector<HTMLInputElement>('[data-path="software_items[0].name"]')!;
    expect(name.value).toBe('app');
    // Every input is labelled.
    expect(container.querySelector('label[for="' + name.id + '"]')!.textContent).toContain('Name');
    await type(container, 'software_items[0].version', '1.1');
    const cls = container.querySelector<HTMLSelectElement>('[data-path="software_items[0].safety_class"]')!;
    cls.value = 'C';
    await fireEvent.change(cls);
    await waitFor(() => expect(api.held?.software_items[0]).toMatchObject({ version: '1.1', safety_class: 'C' }));

    await fireEvent.click(container.querySelector('#add-software-item')!);
    await waitFor(() => expect(container.querySelector('[data-path="software_items[1].name"]')).toBeTruthy());
    await type(container, 'software_items[1].name', 'viewer');
    await waitFor(() => expect(api.held?.software_items[1]?.name).toBe('viewer'));

    await fireEvent.click(container.querySelector('[data-testid="remove-item-0"]')!);
    await waitFor(() => expect(api.held?.software_items.map((i) => i.name)).toEqual(['viewer']));
    expect(edits(api)).toEqual([
      { op: 'set', path: 'software_items[0].version', value: '1.1' },
      { op: 'set', path: 'software_items[0].safety_class', value: 'C' },
      { op: 'insert', path: 'software_items[1]', value: { name: '', version: '', safety_class: null, safety_class_rationale: '', description: '' } },
      { op: 'set', path: 'software_items[1].name', value: 'viewer' },
      { op: 'remove', path: 'software_items[0]' },
    ]);
  });

  it('opens from a finding about a software item', async () => {
    const api = new FakeApi();
    api.initial.software_items = [{ name: '', version: '', safety_class: null, safety_class_rationale: '', description: '' }];
    api.rules = () => [{ rule: 'core.item-name', severity: 'error', path: 'software_items[0].name', message: 'no name' }];
    const { container } = await openView(api, 'device');
    await waitFor(() => expect(container.querySelector('[data-view="software-items"] .badge')?.textContent).toBe('1'));
  });
});
