import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../App.svelte';
import type { AiPart, AiSystem } from '../lib/ai';
import { newSystem, verdict } from '../lib/ai';
import { FakeApi } from '../lib/fake';

function system(name: string): AiSystem {
  const s = newSystem(name);
  s.version = '1.0';
  s.provider.name = 'Acme';
  s.description.intended_purpose = 'Flag AF';
  s.datasets = [{ name: 'test set', purpose: 'test', provenance: '', size: '', records: null, sources: [], collection_period: '', population: '', demographics: [{ attribute: 'sex', group: 'female', share: '50 %' }], labelling: '', cleaning: '', licence: '', url: '' }];
  s.performance = [
    { id: '', metric: 'sensitivity', class: 'AF', value: 0.95, ci: { lower: 0.93, upper: 0.97, level: 0.95 }, dataset: 'test set', subgroup: '', acceptance: { comparator: '>=', threshold: 0.9, on: 'ci-lower' }, note: '' },
    { id: '', metric: 'specificity', class: 'AF', value: 0.85, ci: null, dataset: 'test set', subgroup: '', acceptance: { comparator: '>=', threshold: 0.9, on: 'value' }, note: '' },
  ];
  return s;
}

async function openAi(api: FakeApi) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-view="ai"]')).toBeTruthy());
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  await fireEvent.click(r.container.querySelector('[data-view="ai"]')!);
  return r;
}

afterEach(cleanup);

describe('AiView', () => {
  it('says when there is no AI system and imports a model card through the dialog', async () => {
    const api = new FakeApi();
    api.modelCardAi = { systems: [system('ecg-afib-cnn')] } as unknown as AiPart;
    const { container } = await openAi(api);
    expect(screen.getByTestId('ai-none')).toBeTruthy();
    await fireEvent.click(container.querySelector('#import-model-card')!);
    await waitFor(() => expect(screen.getByTestId('ai-import-report').textContent).toContain('Imported 1 AI system'));
    expect(api.callsOf('importModelCard').length).toBe(1);
    const purpose = container.querySelector<HTMLTextAreaElement>('[data-path="ai.systems[0].description.intended_purpose"]');
    expect(purpose?.value).toBe('Flag AF');
    expect(screen.getByTestId('dirty')).toBeTruthy();
  });

  it('builds one form per catalogue item, marks empty items from findings, computes pass/fail', async () => {
    const api = new FakeApi();
    api.initial.ai = { systems: [system('clf')] };
    // The fake's check only knows device rules; add an AI finding as the backend would.
    const rules = api.rules;
    api.rules = (tf) => [
      ...rules(tf),
      { rule: 'ai.item-missing', severity: 'error', path: 'ai.systems[0].development.data_requirements', message: 'empty' },
    ];
    const { container } = await openAi(api);
    for (const key of ['iv-1a', 'iv-2d', 'iv-2g', '13-f']) {
      expect(container.querySelector(`[data-item="${key}"]`), key).toBeTruthy();
    }
    await fireEvent.input(container.querySelector('[data-path="ai.systems[0].logging"]')!, { target: { value: 'Logs kept 10 years' } });
    await waitFor(() => expect(container.querySelector('[data-item="iv-2d"]')?.getAttribute('data-empty')).toBe('true'));
    expect(container.querySelector('[data-item="iv-1a"]')?.getAttribute('data-empty')).toBe('false');
    const verdicts = [...container.querySelectorAll('[data-testid="ai-performance"] [data-verdict]')].map((e) => e.getAttribute('data-verdict'));
    expect(verdicts).toEqual(['pass', 'fail']);
    const groups = container.querySelector<HTMLInputElement>('[data-path="ai.systems[0].datasets[0].demographics"]')!;
    expect(groups.value).toBe('sex: female (50 %)');
    // Table cells that convert what is typed send the model's value.
    await fireEvent.input(groups, { target: { value: 'sex: male (48 %); age: 65+' } });
    const threshold = container.querySelectorAll<HTMLInputElement>('[data-path="ai.systems[0].performance[1].acceptance"] input')[0];
    await fireEvent.input(threshold, { target: { value: '0.8' } });
    await waitFor(() => expect(container.querySelectorAll('[data-testid="ai-performance"] [data-verdict]')[1].getAttribute('data-verdict')).toBe('pass'));
    const held = () => (api.held!.ai as AiPart).systems[0];
    await waitFor(() => expect(held().performance[1].acceptance).toEqual({ comparator: '>=', threshold: 0.8, on: 'value' }));
    expect(held().datasets[0].demographics).toEqual([
      { attribute: 'sex', group: 'male', share: '48 %' },
      { attribute: 'age', group: '65+', share: '' },
    ]);
  });

  it('adds an AI system to a project without one, and removes it', async () => {
    const api = new FakeApi();
    const { container } = await openAi(api);
    await fireEvent.click(container.querySelector('#ai-add-system')!);
    await waitFor(() => expect(container.querySelector('[data-path="ai.systems[0].name"]')).toBeTruthy());
    await waitFor(() => expect((api.held?.ai as AiPart | undefined)?.systems.map((s) => s.name)).toEqual(['New AI system']));
    await fireEvent.click(screen.getByText('Remove this AI system'));
    await waitFor(() => expect((api.held?.ai as AiPart).systems).toEqual([]));
    expect(screen.getByTestId('ai-none')).toBeTruthy();
  });

  it('verdict follows the named estimate', () => {
    const r = { id: '', metric: 'm', class: '', value: 0.91, ci: { lower: 0.89, upper: 0.93, level: 0.95 }, dataset: '', subgroup: '', acceptance: { comparator: '>=' as const, threshold: 0.9, on: 'ci-lower' as const }, note: '' };
    expect(verdict(r)).toBe('fail');
    expect(verdict({ ...r, acceptance: { ...r.acceptance, on: 'value' } })).toBe('pass');
    expect(verdict({ ...r, acceptance: null })).toBe('no criterion');
  });
});
