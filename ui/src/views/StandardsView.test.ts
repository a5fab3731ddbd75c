import { cleanup, fireEvent, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../lib/fake';
import type { Standard } from '../lib/registers';
import { edits, openView, type } from './testing';

afterEach(cleanup);

const iso14971: Standard = {
  id: 'EN-ISO-14971',
  designation: 'EN ISO 14971:2019/A11:2021',
  title: 'Application of risk management to medical devices',
  edition: '3 (2019)',
  amendments: ['A11:2021'],
  adopts: 'ISO 14971:2019',
  harmonised: true,
  oj_reference: 'Commission Implementing Decision (EU) 2022/757',
  state_of_the_art: '',
  applied: 'fully',
  deviations: '',
};

describe('StandardsView', () => {
  it('edits an entry, its harmonised flag and extent, adds and removes entries', async () => {
    const api = new FakeApi();
    api.initial.standards = { entries: [structuredClone(iso14971)], no_common_specification: '' };
    const { container } = await openView(api, 'standards');
    expect(container.querySelector<HTMLInputElement>('[data-path="standards.entries[0].oj_reference"]')!.value).toContain('2022/757');
    await type(container, 'standards.entries[0].edition', '3 (2019), A11 (2021)');
    const harmonised = container.querySelector<HTMLInputElement>('[data-path="standards.entries[0].harmonised"]')!;
    await fireEvent.click(harmonised);
    // Not harmonised: the state-of-the-art reason takes the OJ reference's place.
    await waitFor(() => expect(container.querySelector('[data-path="standards.entries[0].state_of_the_art"]')).toBeTruthy());
    await type(container, 'standards.entries[0].state_of_the_art', 'Recognised state of the art');
    const applied = container.querySelector<HTMLSelectElement>('[data-path="standards.entries[0].applied"]')!;
    applied.value = 'partly';
    await fireEvent.change(applied);
    await type(container, 'standards.no_common_specification', 'None applies.');
    await waitFor(() =>
      expect(api.held?.standards).toMatchObject({
        entries: [{ edition: '3 (2019), A11 (2021)', harmonised: false, state_of_the_art: 'Recognised state of the art', applied: 'partly' }],
        no_common_specification: 'None applies.',
      }),
    );
    await fireEvent.click(container.querySelector('#add-standard')!);
    await waitFor(() => expect(api.held?.standards.entries).toHaveLength(2));
    await type(container, 'standards.entries[1].id', 'EN-62304');
    await fireEvent.click(container.querySelector('[aria-label="Remove standard 1"]')!);
    await waitFor(() => expect(api.held?.standards.entries.map((e) => e.id)).toEqual(['EN-62304']));
    expect(edits(api).map((e) => `${e.op} ${e.path}`)).toEqual([
      'set standards.entries[0].edition',
      'set standards.entries[0].harmonised',
      'set standards.entries[0].state_of_the_art',
      'set standards.entries[0].applied',
      'set standards.no_common_specification',
      'insert standards.entries[1]',
      'set standards.entries[1].id',
      'remove standards.entries[0]',
    ]);
  });
});
