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

  it('exports the CRA profile on its own, once a product is listed', async () => {
    const api = new FakeApi();
    api.dialogAnswer = '/tmp/device.techfile.json';
    const { container } = await openView(api, 'applicability');
    const pdf = container.querySelector<HTMLButtonElement>('#cra-export-pdf')!;
    const md = container.querySelector<HTMLButtonElement>('#cra-export-md')!;
    // Nothing to document without a product.
    expect(pdf.disabled && md.disabled).toBe(true);
    await fireEvent.click(screen.getByText('+ Add product'));
    await waitFor(() => expect(pdf.disabled).toBe(false));
    await fireEvent.click(pdf);
    await waitFor(() =>
      expect(api.calls.filter((c) => c.cmd === 'exportProject')).toEqual([
        { cmd: 'exportProject', format: 'pdf', part: 'cra-profile' },
      ]),
    );
    // Once the first export is done (a click during it is ignored).
    await waitFor(async () => {
      await fireEvent.click(md);
      expect(api.calls.filter((c) => c.cmd === 'exportProject').at(-1)).toEqual({
        cmd: 'exportProject',
        format: 'markdown',
        part: 'cra-profile',
      });
    });
  });
});
