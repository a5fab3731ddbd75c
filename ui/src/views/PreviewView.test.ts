import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../App.svelte';
import { ApiError } from '../lib/api';
import { FakeApi, tinyPdf } from '../lib/fake';
import type { PdfDoc } from '../lib/pdf';

// jsdom has no canvas: pdf.js is replaced by a document of three pages
// whose `render` only counts. What is tested is the view and its store:
// when the backend is asked, what the view shows, stale marking.
const loaded: Uint8Array[] = [];
const rendered: number[] = [];
vi.mock('../lib/pdf', () => ({
  loadPdf: async (bytes: Uint8Array): Promise<PdfDoc> => {
    loaded.push(bytes);
    return {
      numPages: 3,
      page: async (n: number) => ({
        width: n === 3 ? 842 : 595,
        height: n === 3 ? 595 : 842,
        render: () => {
          rendered.push(n);
          return { promise: Promise.resolve(), cancel() {} };
        },
      }),
      outline: async () => [
        { title: '1 Device description', page: 2, depth: 0 },
        { title: '1.1 Intended purpose', page: 3, depth: 1 },
      ],
      destroy: async () => {},
    };
  },
}));

async function openPreview(api: FakeApi) {
  const r = render(App, { props: { api, debounceMs: 10 } });
  await waitFor(() => expect(r.container.querySelector('[data-path="document.title"]')).toBeTruthy());
  await fireEvent.click(r.container.querySelector('[data-view="preview"]')!);
  await waitFor(() => expect(r.container.querySelector('[data-page="1"][data-drawn]')).toBeTruthy());
  return r;
}

afterEach(() => {
  cleanup();
  loaded.length = 0;
  rendered.length = 0;
});

describe('PreviewView', () => {
  it('shows the exported PDF: pages, outline, status', async () => {
    const api = new FakeApi();
    const { container } = await openPreview(api);
    expect(api.callsOf('previewPdf')).toHaveLength(1);
    expect(new TextDecoder().decode(loaded[0])).toContain('(CardioScan AI) Tj');
    expect(container.querySelectorAll('[data-page]')).toHaveLength(3);
    expect(rendered).toContain(1);
    await waitFor(() => expect(container.querySelectorAll('[data-outline-page]')).toHaveLength(2));
    expect(container.querySelector('[data-outline-page="2"]')!.textContent).toContain('1 Device description');
    expect(container.querySelector('[data-testid="preview-status"]')!.textContent).toContain('3 pages');
    expect(container.querySelector('[data-testid="preview-stale"]')).toBeNull();
    // The landscape page gets its own size once the sizes are read.
    await waitFor(() => {
      const p3 = container.querySelector<HTMLElement>('[data-page="3"]')!;
      expect(parseFloat(p3.style.width)).toBeGreaterThan(parseFloat(p3.style.height));
    });
  });

  it('marks itself stale after an edit and refreshes on request', async () => {
    const api = new FakeApi();
    const { container } = await openPreview(api);
    await fireEvent.click(container.querySelector('[data-view="device"]')!);
    const name = await waitFor(() => container.querySelector<HTMLInputElement>('[data-path="device.trade_name"]')!);
    await fireEvent.input(name, { target: { value: 'Renamed' } });
    await fireEvent.click(container.querySelector('[data-view="preview"]')!);
    // Coming back shows the last PDF, marked, without exporting again.
    await waitFor(() => expect(container.querySelector('[data-testid="preview-stale"]')).toBeTruthy());
    expect(api.callsOf('previewPdf')).toHaveLength(1);
    await fireEvent.click(container.querySelector('#preview-refresh')!);
    await waitFor(() => expect(api.callsOf('previewPdf')).toHaveLength(2));
    // The refresh went after the edit: the backend exported the new name.
    expect(api.callsOf('edit').length).toBeGreaterThan(0);
    await waitFor(() => expect(loaded).toHaveLength(2));
    expect(new TextDecoder().decode(loaded[1])).toContain('(Renamed) Tj');
    await waitFor(() => expect(container.querySelector('[data-testid="preview-status"]')!.textContent).toContain('3 pages'));
    expect(container.querySelector('[data-testid="preview-stale"]')).toBeNull();
  });

  it('refreshes after a save', async () => {
    const api = new FakeApi();
    const { container } = await openPreview(api);
    await fireEvent.click(container.querySelector('#save')!);
    await waitFor(() => expect(api.callsOf('saveProject')).toHaveLength(1));
    await waitFor(() => expect(api.callsOf('previewPdf')).toHaveLength(2));
  });

  it('shows why a refresh failed and keeps the last pages', async () => {
    const api = new FakeApi();
    const { container } = await openPreview(api);
    api.failNext = new ApiError('export.pdf', 'the PDF could not be laid out');
    await fireEvent.click(container.querySelector('#preview-refresh')!);
    await waitFor(() =>
      expect(container.querySelector('[data-testid="preview-error"]')?.textContent).toContain(
        'the PDF could not be laid out',
      ),
    );
    expect(container.querySelectorAll('[data-page]')).toHaveLength(3);
    // The next refresh clears it.
    await fireEvent.click(container.querySelector('#preview-refresh')!);
    await waitFor(() => expect(container.querySelector('[data-testid="preview-error"]')).toBeNull());
  });

  it('scrolls to the page of a finding picked while it is shown, and says where', async () => {
    const api = new FakeApi();
    api.rules = () => [
      { rule: 'risk.link-unresolved', severity: 'warning', path: 'risk.entries[0].controls[0].verification_implementation.evidence', message: 'Evidence not registered.' },
      { rule: 'core.schema', severity: 'warning', path: 'schema_version', message: 'Not printed.' },
    ];
    api.locate = (path) => (path.startsWith('risk.entries[0]') ? { anchor: 'control-rc-01', page: 3 } : null);
    const { container } = await openPreview(api);
    const pages = container.querySelector<HTMLElement>('[data-testid="preview-pages"]')!;
    expect(container.querySelector('[data-testid="preview-page"]')!.getAttribute('data-page-number')).toBe('1');
    await fireEvent.click(container.querySelector('[data-rule="risk.link-unresolved"]')!);
    await waitFor(() =>
      expect(container.querySelector('[data-testid="preview-page"]')!.getAttribute('data-page-number')).toBe('3'),
    );
    expect(api.callsOf('previewLocate').map((c) => c.path)).toEqual([
      'risk.entries[0].controls[0].verification_implementation.evidence',
    ]);
    // Page 3's top at the top of the viewport (less the gap above it).
    const top = parseFloat(container.querySelector<HTMLElement>('[data-page="3"]')!.style.top);
    expect(pages.scrollTop).toBe(top - 12);
    const status = container.querySelector('[data-testid="preview-located"]')!;
    expect(status.getAttribute('data-located-page')).toBe('3');
    expect(status.getAttribute('data-located-anchor')).toBe('control-rc-01');
    expect(status.textContent).toContain('page 3');
    // The view stays the preview: the finding did not open its editor.
    expect(container.querySelector('[data-path="risk.entries[0].controls[0].verification_implementation.evidence"]')).toBeNull();
    // A finding about nothing printed says so and leaves the page.
    await fireEvent.click(container.querySelector('[data-rule="core.schema"]')!);
    await waitFor(() => expect(status.textContent).toContain('schema_version is not printed in the PDF'));
    expect(pages.scrollTop).toBe(top - 12);
  });

  it('leaves a finding to its editor when another view is shown', async () => {
    const api = new FakeApi();
    api.rules = () => [{ rule: 'core.trade-name', severity: 'error', path: 'device.trade_name', message: 'Empty.' }];
    const r = render(App, { props: { api, debounceMs: 10 } });
    await waitFor(() => expect(r.container.querySelector('[data-rule="core.trade-name"]')).toBeTruthy());
    await fireEvent.click(r.container.querySelector('[data-rule="core.trade-name"]')!);
    await waitFor(() => expect(r.container.querySelector('[data-path="device.trade_name"]')).toBeTruthy());
    expect(api.callsOf('previewLocate')).toHaveLength(0);
  });
});

describe('tinyPdf', () => {
  it('writes a cross-reference table that points at each object', () => {
    const text = new TextDecoder().decode(tinyPdf('A (b)'));
    const xref = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((o, i) => expect(text.slice(o, o + 7)).toBe(`${i + 1} 0 obj`));
    expect(text).toContain('(A \\(b\\)) Tj');
  });
});
