import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../App.svelte';
import { FakeApi } from '../lib/fake';
import { emptyEntry, samplePlan, type RiskPart } from '../lib/risk';

function withRisk(entries: RiskPart['entries'] = []): FakeApi {
  const api = new FakeApi();
  api.initial.risk = { plan: samplePlan(), entries, overall_residual_risk: '' } satisfies RiskPart;
  return api;
}

async function openRisk(api: FakeApi) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-view="risk"]')).toBeTruthy());
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  await fireEvent.click(r.container.querySelector('[data-view="risk"]')!);
  await waitFor(() => expect(r.container.querySelector('#risk-add-entry')).toBeTruthy());
  return r;
}

function cell(c: HTMLElement, map: string, row: string, col: string): string | null {
  return (
    c.querySelector(`[data-testid="${map}"] td[data-row="${row}"][data-col="${col}"]`)?.getAttribute('data-count') ??
    null
  );
}

async function choose(c: HTMLElement, path: string, value: string) {
  const el = c.querySelector<HTMLSelectElement>(`select[data-path="${path}"]`)!;
  el.value = value;
  await fireEvent.change(el);
}

afterEach(cleanup);

describe('RiskView', () => {
  it('adds an entry with a control and shows the computed risk and heat maps change', async () => {
    const api = withRisk();
    const { container } = await openRisk(api);
    expect(screen.getByTestId('risk-no-entries')).toBeTruthy();
    await fireEvent.click(container.querySelector('#risk-add-entry')!);
    await choose(container, 'risk.entries[0].severity', 'Critical');
    await choose(container, 'risk.entries[0].probability', 'Probable');
    await waitFor(() => expect(screen.getByTestId('risk-initial-0').dataset.zone).toBe('unacceptable'));
    await waitFor(() => expect(cell(container, 'heatmap-initial', 'Critical', 'Probable')).toBe('1'));
    expect(cell(container, 'heatmap-residual', 'Critical', 'Probable')).toBe('1');

    await fireEvent.click(screen.getByTestId('risk-add-control-0'));
    expect(container.querySelector('[data-path="risk.entries[0].controls[0].id"]')).toBeTruthy();
    await choose(container, 'risk.entries[0].residual_probability', 'Improbable');
    await waitFor(() => expect(screen.getByTestId('risk-residual-0').dataset.zone).toBe('acceptable'));
    await waitFor(() => expect(cell(container, 'heatmap-residual', 'Critical', 'Improbable')).toBe('1'));
    expect(cell(container, 'heatmap-residual', 'Critical', 'Probable')).toBe('0');
    expect(cell(container, 'heatmap-initial', 'Critical', 'Probable')).toBe('1');
    expect(screen.getByTestId('dirty')).toBeTruthy();
    // The backend holds the entry the view built, control included.
    await waitFor(() => expect((api.held?.risk as RiskPart).entries[0].residual_probability).toBe('Improbable'));
    const held = (api.held?.risk as RiskPart).entries[0];
    expect([held.id, held.severity, held.probability, held.controls.length]).toEqual(['HAZ-01', 'Critical', 'Probable', 1]);
    // Removing the entry is one edit of the list.
    await fireEvent.click(screen.getByText('Remove entry'));
    await waitFor(() => expect((api.held?.risk as RiskPart).entries).toHaveLength(0));
    expect(api.callsOf('edit').at(-1)?.edits).toEqual([{ op: 'remove', path: 'risk.entries[0]' }]);
  });

  it('edits the acceptability matrix and the plan scales', async () => {
    const e = emptyEntry('H1');
    e.severity = 'Minor';
    e.probability = 'Remote';
    const api = withRisk([e]);
    const { container } = await openRisk(api);
    await waitFor(() => expect(screen.getByTestId('risk-initial-0').dataset.zone).toBe('acceptable'));
    const sel = container.querySelector<HTMLSelectElement>('[data-testid="risk-matrix"] select[data-cell="1,1"]')!;
    sel.value = 'unacceptable';
    await fireEvent.change(sel);
    await waitFor(() => expect(screen.getByTestId('risk-initial-0').dataset.zone).toBe('unacceptable'));
    expect((api.held?.risk as RiskPart).plan.matrix[1][1]).toBe('unacceptable');
    await fireEvent.click(screen.getByText('Add probability level'));
    expect(container.querySelectorAll('[data-testid="risk-matrix"] tbody tr:first-child select').length).toBe(6);
    await waitFor(() => expect((api.held?.risk as RiskPart).plan.probability).toHaveLength(6));
    expect((api.held?.risk as RiskPart).plan.matrix.every((row) => row.length === 6)).toBe(true);
  });

  it('imports a risk table through the dialog and reports warnings', async () => {
    const api = withRisk();
    const imported = emptyEntry('HAZ-9');
    imported.hazard = 'Imported hazard';
    api.importedRisk = { plan: samplePlan(), entries: [imported], overall_residual_risk: '' };
    const { container } = await openRisk(api);
    await fireEvent.click(container.querySelector('#risk-import')!);
    await waitFor(() => expect(screen.getByTestId('risk-import-report').textContent).toContain('Imported 1 risk entries'));
    expect(screen.getByTestId('risk-import-report').textContent).toContain('row 3, column F');
    expect(container.querySelector<HTMLInputElement>('[data-path="risk.entries[0].hazard"]')?.value).toBe('Imported hazard');
    await fireEvent.click(container.querySelector('#risk-export-xlsx')!);
    await waitFor(() => expect(screen.getByTestId('risk-message').textContent).toContain('risk-table.xlsx'));
    expect(api.callsOf('exportRisks')[0].format).toBe('risks-xlsx');
    // The heat map follows the imported part, from the backend's risk view.
    expect(api.callsOf('riskView').length).toBeGreaterThanOrEqual(2);
  });

  it('shows the findings beside their entry', async () => {
    const api = withRisk([emptyEntry('H1')]);
    const rules = api.rules;
    api.rules = (tf) => [
      ...rules(tf),
      { rule: 'RISK-ENTRY', severity: 'error', path: 'risk.entries[0].harm', message: 'H1: no harm (ISO 14971 §5.4)' },
    ];
    const { container } = await openRisk(api);
    // The initial findings come with the project; each edit answers the new ones.
    api.rules = (tf) => [
      ...rules(tf),
      { rule: 'RISK-ENTRY', severity: 'error', path: 'risk.entries[0].harm', message: 'H1: no harm (ISO 14971 §5.4)' },
      { rule: 'RISK-X', severity: 'warning', path: 'risk.entries[0].hazard', message: 'checked after the edit' },
    ];
    const hazard = container.querySelector<HTMLInputElement>('[data-path="risk.entries[0].hazard"]')!;
    await fireEvent.input(hazard, { target: { value: 'Crash' } });
    await waitFor(() => expect(screen.getByTestId('risk-findings-0').textContent?.trim()).toBe('2'));
    expect(api.callsOf('edit').flatMap((c) => c.edits)).toEqual([{ op: 'set', path: 'risk.entries[0].hazard', value: 'Crash' }]);
    await fireEvent.click(screen.getByTestId('risk-open-0'));
    await waitFor(() => expect(screen.getByTestId('risk-entry-findings-0').textContent).toContain('no harm'));
    expect(container.querySelector('[data-path="risk.entries[0].controls[0].id"]')).toBeNull();
  });
});
