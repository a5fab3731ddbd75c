import { cleanup, fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../lib/fake';
import { emptyGsprRow, gsprRows, openRow, rowStatus, type GsprRow } from '../lib/registers';
import { edits, openView, type } from './testing';

afterEach(cleanup);

/** Row i of a generated matrix: every 5th open (no applicability), every 7th
 * applying without evidence, every 11th not applying without justification. */
function row(i: number): GsprRow {
  const r = emptyGsprRow(`MDR-I-${i + 1}`);
  if (i % 5 === 0) return r;
  if (i % 11 === 0) return { ...r, applicability: 'does-not-apply' };
  if (i % 7 === 0) return { ...r, applicability: 'applies', method: 'Testing' };
  if (i % 2) return { ...r, applicability: 'does-not-apply', justification: 'No such function' };
  return { ...r, applicability: 'applies', method: 'Testing', evidence: [{ document_id: 'STR-1', version: '1', section: '2' }] };
}

describe('gspr helpers', () => {
  it('filters open rows, missing evidence and unjustified does-not-apply', () => {
    const rows = [row(0), row(7), row(11), row(2), row(3)];
    expect(gsprRows(rows, 'all')).toEqual([0, 1, 2, 3, 4]);
    expect(gsprRows(rows, 'open')).toEqual([0, 1, 2]);
    expect(gsprRows(rows, 'no-evidence')).toEqual([1]);
    expect(gsprRows(rows, 'dna-unjustified')).toEqual([2]);
    expect(gsprRows(rows, 'all', 'mdr-i-12')).toEqual([2]);
    expect(gsprRows(rows, 'all', 'software', (id) => (id === 'MDR-I-3' ? 'Software' : ''))).toEqual([3]);
    expect(openRow({ ...row(2), method: '' })).toBe(true);
    expect(rowStatus(row(7))).toBe('no evidence');
    expect(rowStatus(row(11))).toBe('no justification');
    expect(rowStatus(row(2))).toBe('complete');
  });
});

describe('GsprView', () => {
  it('windows 5,000 rows, filters them and edits the selected row', async () => {
    const api = new FakeApi();
    api.initial.gspr = { rows: Array.from({ length: 5000 }, (_, i) => row(i)) };
    const { container } = await openView(api, 'gspr');
    const count = () => screen.getByTestId('gspr-count').textContent;
    const rendered = () => container.querySelectorAll('[data-testid="gspr-rows"] [data-row]').length;
    expect(count()).toBe('5000 of 5000 rows');
    expect(rendered()).toBeGreaterThan(5);
    expect(rendered()).toBeLessThan(60);
    // Catalogue titles come from the backend.
    await waitFor(() => expect(container.querySelector('[data-requirement="MDR-I-1"]')!.textContent).toContain('Performance and safety'));

    const open = gsprRows(api.initial.gspr.rows, 'open').length;
    await fireEvent.click(container.querySelector('[data-filter="open"]')!);
    expect(count()).toBe(`${open} of 5000 rows`);
    expect(rendered()).toBeLessThan(60);
    await fireEvent.click(container.querySelector('[data-filter="no-evidence"]')!);
    const noEvidence = [...container.querySelectorAll<HTMLElement>('[data-testid="gspr-rows"] [data-row]')];
    expect(noEvidence.every((el) => Number(el.dataset.row) % 7 === 0)).toBe(true);
    await fireEvent.click(container.querySelector('[data-filter="dna-unjustified"]')!);
    const dna = [...container.querySelectorAll<HTMLElement>('[data-testid="gspr-rows"] [data-row]')];
    expect(dna.length).toBeGreaterThan(0);
    expect(dna.every((el) => el.textContent!.includes('no justification'))).toBe(true);

    // Edit row 11 (does not apply, no justification): justify it.
    await fireEvent.click(container.querySelector('[data-row="11"]')!);
    await type(container, 'gspr.rows[11].justification', 'The device has no such function');
    await waitFor(() => expect(api.held?.gspr.rows[11].justification).toBe('The device has no such function'));
    // It leaves the filter; the editor stays on it.
    expect(container.querySelector('[data-testid="gspr-rows"] [data-row="11"]')).toBeNull();
    const app = container.querySelector<HTMLSelectElement>('[data-path="gspr.rows[11].applicability"]')!;
    app.value = 'applies';
    await fireEvent.change(app);
    await type(container, 'gspr.rows[11].method', 'Bench testing');
    await fireEvent.click(screen.getByText('+ Add standard'));
    await waitFor(() => expect(container.querySelector('[data-path="gspr.rows[11].standards[0]"]')).toBeTruthy());
    await type(container, 'gspr.rows[11].standards[0]', 'EN-62304');
    await fireEvent.click(screen.getByText('+ Add evidence'));
    await waitFor(() => expect(container.querySelector('[data-path="gspr.rows[11].evidence[0].document_id"]')).toBeTruthy());
    await type(container, 'gspr.rows[11].evidence[0].document_id', 'STR-1');
    await waitFor(() =>
      expect(api.held?.gspr.rows[11]).toMatchObject({
        applicability: 'applies',
        method: 'Bench testing',
        standards: ['EN-62304'],
        evidence: [{ document_id: 'STR-1', version: '', section: '' }],
      }),
    );
    expect(edits(api).map((e) => `${e.op} ${e.path}`)).toEqual([
      'set gspr.rows[11].justification',
      'set gspr.rows[11].applicability',
      'set gspr.rows[11].method',
      'insert gspr.rows[11].standards[0]',
      'set gspr.rows[11].standards[0]',
      'insert gspr.rows[11].evidence[0]',
      'set gspr.rows[11].evidence[0].document_id',
    ]);
  });

  it('adds rows for the catalogue requirements the matrix lacks', async () => {
    const api = new FakeApi();
    api.initial.gspr = { rows: [row(2)] };
    const { container } = await openView(api, 'gspr');
    // MDR-I-3 is there; MDR-I-1 and MDR-I-17.2 need rows, MDR-I-17 is a heading.
    await waitFor(() => expect(container.querySelector('#add-missing-gspr')!.textContent).toContain('2 requirements'));
    await fireEvent.click(container.querySelector('#add-missing-gspr')!);
    await waitFor(() => expect(api.held?.gspr.rows.map((r) => r.requirement)).toEqual(['MDR-I-3', 'MDR-I-1', 'MDR-I-17.2']));
    expect(container.querySelector('#add-missing-gspr')).toBeNull();
  });
});
