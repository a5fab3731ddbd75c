import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../App.svelte';
import { FakeApi } from '../lib/fake';
import { visibleRows, windowOf, type Component, type SbomPart } from '../lib/sbom';

function component(i: number): Component {
  return {
    id: `pkg:npm/pkg-${i}@1.${i % 10}.0`,
    type: i % 3 ? 'library' : 'framework',
    group: '',
    name: `pkg-${i}`,
    version: `1.${i % 10}.0`,
    supplier: `Supplier ${i % 7}`,
    author: '',
    description: '',
    purl: `pkg:npm/pkg-${i}@1.${i % 10}.0`,
    cpe: '',
    swid: '',
    hashes: [],
    licenses: [i % 2 ? 'MIT' : 'Apache-2.0'],
    scope: '',
    parent: '',
    depends_on: [],
    items: ['app'],
    source_ref: '',
    soup: {
      requirements: '',
      required_hw_sw: '',
      hazardous_situations: '',
      anomaly_review_date: '',
      anomaly_review_result: '',
      support_level: '',
      end_of_support: '',
    },
  };
}

function part(n: number): SbomPart {
  return { documents: [], components: Array.from({ length: n }, (_, i) => component(i)), vulnerabilities: [] };
}

async function openSbom(api: FakeApi) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-view="sbom"]')).toBeTruthy());
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  await fireEvent.click(r.container.querySelector('[data-view="sbom"]')!);
  await waitFor(() => expect(r.container.querySelector('#import-sbom')).toBeTruthy());
  return r;
}

afterEach(cleanup);

describe('sbom table helpers', () => {
  it('filters, searches and sorts numerically', () => {
    const comps = part(30).components;
    const rows = visibleRows(comps, 'app', 'framework', '', 'name', false);
    expect(rows.every((i) => comps[i].type === 'framework')).toBe(true);
    expect(comps[rows[0]].name).toBe('pkg-0');
    expect(comps[rows[1]].name).toBe('pkg-3');
    expect(visibleRows(comps, '', '', 'pkg-2', 'name', true).map((i) => comps[i].name)[0]).toBe('pkg-29');
  });

  it('renders only a window of rows', () => {
    const w = windowOf(5000, 28 * 1000, 28, 420);
    expect(w.first).toBe(992);
    expect(w.last).toBe(1023);
    expect(w.top + (w.last - w.first) * 28 + w.bottom).toBe(5000 * 28);
  });
});

describe('SbomView', () => {
  it('shows 5,000 components with a windowed table, searches, edits SOUP and imports', async () => {
    const api = new FakeApi();
    api.initial.software_items = [{ name: 'app', version: '1', safety_class: 'B', safety_class_rationale: '', description: '' }];
    api.initial.sbom = part(5000);
    const { container } = await openSbom(api);
    const count = () => container.querySelector('[data-testid="sbom-count"]')!.textContent;
    expect(count()).toBe('5000 of 5000 components');
    const rendered = container.querySelectorAll('[data-testid="sbom-rows"] [data-component]').length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    const search = container.querySelector<HTMLInputElement>('[data-testid="sbom-search"]')!;
    search.value = 'pkg-4999';
    await fireEvent.input(search);
    await waitFor(() => expect(count()).toBe('1 of 5000 components'));
    await fireEvent.click(container.querySelector('[data-component="pkg:npm/pkg-4999@1.9.0"]')!);
    const req = container.querySelector<HTMLTextAreaElement>('[data-path="sbom.components[4999].soup.requirements"]')!;
    expect(req).toBeTruthy();
    req.value = 'parses JSON';
    await fireEvent.input(req);
    expect((api.initial.sbom as SbomPart).components[4999].soup.requirements).toBe('');
    await waitFor(() => expect((api.held?.sbom as SbomPart).components[4999].soup.requirements).toBe('parses JSON'));
    expect(api.callsOf('edit').flatMap((c) => c.edits)).toEqual([
      { op: 'set', path: 'sbom.components[4999].soup.requirements', value: 'parses JSON' },
    ]);
    // Import through the fake dialog replaces the part.
    api.importedSbom = part(3);
    await fireEvent.click(container.querySelector('#import-sbom')!);
    await waitFor(() => expect(count()).toBe('3 of 3 components'));
    expect(container.querySelector('[data-testid="sbom-import-report"]')!.textContent).toContain('Imported 3 components');
    expect(api.callsOf('importSbom')[0].item).toBe(null);
  });

  it('imports a VEX file through the dialog and shows the assessments', async () => {
    const api = new FakeApi();
    api.initial.software_items = [{ name: 'app', version: '1', safety_class: 'B', safety_class_rationale: '', description: '' }];
    const p = part(2);
    p.vulnerabilities = [
      { id: 'CVE-2024-0001', source: '', description: '', ratings: [], affects: [{ component: p.components[1].id, status: '', justification: '', action: '', detail: '', source_state: '', origin: '' }] },
    ];
    api.initial.sbom = p;
    const { container } = await openSbom(api);
    const vulns = () => container.querySelector('[data-testid="sbom-vulns"]')!.textContent!;
    expect(vulns()).toContain('not assessed');
    // Cancelled: nothing changes.
    await fireEvent.click(container.querySelector('#import-vex')!);
    await waitFor(() => expect(api.callsOf('importVex').length).toBe(1));
    await waitFor(() => expect(container.querySelector<HTMLButtonElement>('#import-vex')!.disabled).toBe(false));
    expect(container.querySelector('[data-testid="vex-import-report"]')).toBeNull();
    // Chosen: the statements replace the assessments and the report says how many.
    api.importedVex = [
      { ...p.vulnerabilities[0], affects: [{ component: p.components[1].id, status: 'not_affected', justification: 'code_not_reachable', action: '', detail: '', source_state: '', origin: 'vex.json' }] },
    ];
    await fireEvent.click(container.querySelector('#import-vex')!);
    await waitFor(() => expect(container.querySelector('[data-testid="vex-import-report"]')).toBeTruthy());
    expect(container.querySelector('[data-testid="vex-import-report"]')!.textContent).toContain('Applied 1 VEX assessments');
    expect(vulns()).toContain('not_affected');
    expect(vulns()).toContain('code_not_reachable');
    expect(vulns()).toContain('pkg-1 1.1.0');
    // The import worked on the backend's project: it has the assessment too.
    expect((api.held?.sbom as SbomPart).vulnerabilities[0].affects[0].status).toBe('not_affected');
  });
});
