import { cleanup, fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../lib/fake';
import { blocks } from '../lib/registers';
import { openView, type } from './testing';

afterEach(cleanup);

describe('declaration rendering', () => {
  it('reads headings, paragraphs, lists and emphasis, never HTML', () => {
    const b = blocks('# Title\n\n*Note* one\ntwo\n\n- a\n- b\n\n1. **X** (1). <img src=x onerror=alert(1)>\n1. Y\n');
    expect(b.map((x) => x.kind)).toEqual(['h', 'p', 'ul', 'ol']);
    expect(b[1]).toEqual({ kind: 'p', text: [{ text: 'Note', em: true }, { text: ' one two' }] });
    const ol = b[3] as { kind: 'ol'; items: { text: string }[][] };
    expect(ol.items[0][1].text).toContain('<img');
  });
});

describe('DeclarationView', () => {
  it('shows the declaration read-only and refreshes it after an edit', async () => {
    const api = new FakeApi();
    api.declaration = '# EU declaration of conformity\n\n1. **Manufacturer** (MDR Annex IV 1). Acme <b>GmbH</b>\n';
    const { container } = await openView(api, 'declaration');
    const doc = () => screen.getByTestId('declaration');
    await waitFor(() => expect(doc().querySelector('h2')!.textContent).toBe('EU declaration of conformity'));
    expect(doc().querySelector('li strong')!.textContent).toBe('Manufacturer');
    // Markup in the text stays text.
    expect(doc().querySelector('b')).toBeNull();
    expect(doc().textContent).toContain('Acme <b>GmbH</b>');
    // The rendering has no inputs; the declaration's details below do.
    expect(doc().querySelector('input, textarea, select')).toBeNull();
    const before = api.callsOf('declarationMarkdown').length;
    api.declaration = '# EU declaration of conformity\n\nDeclaration DoC-9.\n';
    await type(container, 'declaration.number', 'DoC-9');
    await waitFor(() => expect(api.callsOf('declarationMarkdown').length).toBeGreaterThan(before));
    await waitFor(() => expect(doc().textContent).toContain('Declaration DoC-9.'));
    expect(api.held?.declaration.number).toBe('DoC-9');
    await fireEvent.click(screen.getByTestId('declaration-source'));
    expect(screen.getByTestId('declaration-markdown').textContent).toContain('# EU declaration of conformity');
  });
});

describe('DeclarationView refresh', () => {
  it('renders again after a change that came while a render ran', async () => {
    const api = new FakeApi();
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => (release = r));
    const real = api.declarationMarkdown.bind(api);
    let first = true;
    api.declarationMarkdown = async () => {
      if (first) {
        // Renders the project as it was when asked, then takes a while.
        first = false;
        const then = await real();
        await slow;
        return then;
      }
      return real();
    };
    const { container } = await openView(api, 'declaration');
    await waitFor(() => expect(api.callsOf('declarationMarkdown').length).toBe(1));
    api.declaration = '# EU declaration of conformity\n\nDeclaration DoC-10.\n';
    await type(container, 'declaration.number', 'DoC-10');
    await waitFor(() => expect(api.held?.declaration.number).toBe('DoC-10'));
    release();
    await waitFor(() => expect(screen.getByTestId('declaration').textContent).toContain('Declaration DoC-10.'));
    // No render loop: a bounded number of renders.
    await new Promise((r) => setTimeout(r, 100));
    expect(api.callsOf('declarationMarkdown').length).toBeLessThanOrEqual(2);
  });
});
