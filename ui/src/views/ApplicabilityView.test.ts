import { cleanup, fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../lib/fake';
import { edits, openView, type } from './testing';

afterEach(cleanup);

describe('ApplicabilityView', () => {
  it('edits the regulation, the AI Act classification and the CRA products', async () => {
    const api = new FakeApi();
    const { container } = await openView(api, 'applicability');
    // The device's class, rule and route are shown, not edited here.
    expect(screen.getByTestId('device-classification').textContent).toContain('IIa');
    expect(container.querySelector('[data-path="device.risk_class"]')).toBeNull();
    const reg = container.querySelector<HTMLSelectElement>('[data-path="applicability.regulation"]')!;
    reg.value = 'ivdr';
    await fireEvent.change(reg);
    const ai = container.querySelector<HTMLSelectElement>('[data-path="applicability.ai_act.classification"]')!;
    ai.value = 'high-risk-art-6-1';
    await fireEvent.change(ai);
    await type(container, 'applicability.ai_act.rationale', 'Safety component of a class IIa device');
    await fireEvent.click(screen.getByText('+ Add product'));
    await waitFor(() => expect(container.querySelector('[data-path="applicability.cra_products[0].name"]')).toBeTruthy());
    await type(container, 'applicability.cra_products[0].name', 'Gateway');
    await waitFor(() =>
      expect(api.held?.applicability).toEqual({
        regulation: 'ivdr',
        ai_act: { classification: 'high-risk-art-6-1', rationale: 'Safety component of a class IIa device' },
        cra_products: [{ name: 'Gateway', description: '' }],
      }),
    );
    expect(edits(api).map((e) => `${e.op} ${e.path}`)).toEqual([
      'set applicability.regulation',
      'set applicability.ai_act.classification',
      'set applicability.ai_act.rationale',
      'insert applicability.cra_products[0]',
      'set applicability.cra_products[0].name',
    ]);
  });
});
