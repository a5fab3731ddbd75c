import { cleanup, render } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import FindingsPanel from './FindingsPanel.svelte';
import { percent } from '../lib/findings';

describe('FindingsPanel coverage', () => {
  afterEach(cleanup);

  it('shows each applicable framework with its percentage, rounded down as the CLI does', () => {
    const { container } = render(FindingsPanel, {
      props: {
        findings: [],
        coverage: [
          { framework: 'mdr-annex-ii', answered: 31, total: 31 },
          { framework: 'mdr-annex-i', answered: 2, total: 3 },
          { framework: 'aia-art-13', answered: 0, total: 9 },
        ],
        onpick: () => {},
      },
    });
    const rows = [...container.querySelectorAll('[data-testid="coverage"] li')].map((li) => [
      li.getAttribute('data-framework'),
      li.querySelector('.fw')?.textContent,
      li.querySelector('.pct')?.textContent,
    ]);
    expect(rows).toEqual([
      ['mdr-annex-ii', 'MDR Annex II', '100 %'],
      ['mdr-annex-i', 'MDR Annex I (GSPR)', '66 %'],
      ['aia-art-13', 'AI Act Art. 13(3)', '0 %'],
    ]);
  });

  it('shows no coverage block without figures', () => {
    const { container } = render(FindingsPanel, { props: { findings: [], onpick: () => {} } });
    expect(container.querySelector('[data-testid="coverage"]')).toBeNull();
    expect(percent(0, 0)).toBe(100);
  });
});
