import { cleanup, fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../lib/fake';
import { emptyDocument } from '../lib/registers';
import { edits, openView, type } from './testing';

afterEach(cleanup);

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('DocumentsView', () => {
  it('edits, adds and removes register records', async () => {
    const api = new FakeApi();
    api.initial.documents = [{ ...emptyDocument(), document_id: 'VVR-1', version: '1.0', file: 'vvr.pdf', sha256: A }];
    const { container } = await openView(api, 'documents');
    expect(container.querySelector<HTMLInputElement>('[data-path="documents[0].document_id"]')!.value).toBe('VVR-1');
    expect(container.querySelector('[data-path="documents[0].version"]')!.getAttribute('aria-label')).toBe('Version 1');
    await type(container, 'documents[0].version', '1.1');
    const status = container.querySelector<HTMLSelectElement>('[data-path="documents[0].status"]')!;
    status.value = 'approved';
    await fireEvent.change(status);
    await waitFor(() => expect(api.held?.documents[0]).toMatchObject({ version: '1.1', status: 'approved' }));
    await fireEvent.click(container.querySelector('#add-document')!);
    await waitFor(() => expect(api.held?.documents).toHaveLength(2));
    await fireEvent.click(screen.getByLabelText('Remove document 1'));
    await waitFor(() => expect(api.held?.documents.map((d) => d.document_id)).toEqual(['']));
    expect(edits(api)).toEqual([
      { op: 'set', path: 'documents[0].version', value: '1.1' },
      { op: 'set', path: 'documents[0].status', value: 'approved' },
      { op: 'insert', path: 'documents[1]', value: emptyDocument() },
      { op: 'remove', path: 'documents[0]' },
    ]);
  });

  it('adds a file through the dialog, re-verifies and flags changed and missing files', async () => {
    const api = new FakeApi();
    api.initial.documents = [
      { ...emptyDocument(), document_id: 'RMP-1', file: 'rmp.pdf', sha256: A },
      { ...emptyDocument(), document_id: 'GONE-1', file: 'gone.pdf', sha256: A },
    ];
    api.hashes.set('/tmp/project/rmp.pdf', A);
    api.hashes.set('/tmp/project/docs/vvr.pdf', B);
    api.dialogAnswer = '/tmp/project/docs/vvr.pdf';
    const { container } = await openView(api, 'documents');
    await fireEvent.click(container.querySelector('#add-document-file')!);
    await waitFor(() => expect(screen.getByTestId('document-file-sha256').textContent).toBe(B));
    expect(api.callsOf('addDocumentFile')).toEqual([{ cmd: 'addDocumentFile', index: null }]);
    // The new row shows what the backend recorded.
    await waitFor(() => expect(container.querySelector<HTMLInputElement>('[data-path="documents[2].sha256"]')?.value).toBe(B));
    expect(container.querySelector<HTMLInputElement>('[data-path="documents[2].file"]')!.value).toBe('docs/vvr.pdf');

    // The file changes on disk; re-verifying flags it, the missing one too.
    api.hashes.set('/tmp/project/docs/vvr.pdf', A);
    await fireEvent.click(container.querySelector('#verify-documents')!);
    await waitFor(() => expect(screen.getByTestId('verify-summary').textContent).toContain('1 unchanged, 1 changed, 1 missing'));
    expect(screen.getByTestId('verify-0').dataset.state).toBe('unchanged');
    expect(screen.getByTestId('verify-1').dataset.state).toBe('missing');
    expect(screen.getByTestId('verify-2').dataset.state).toBe('changed');
    expect(container.querySelector('[data-row="2"]')!.classList.contains('flag')).toBe(true);
    expect(container.querySelector('[data-row="0"]')!.classList.contains('flag')).toBe(false);

    // Recording the new hash is an edit of the row's sha256.
    await fireEvent.click(screen.getByTestId('record-hash-2'));
    await waitFor(() => expect(api.held?.documents[2].sha256).toBe(A));
    expect(screen.getByTestId('verify-2').dataset.state).toBe('unchanged');
    expect(edits(api)).toEqual([{ op: 'set', path: 'documents[2].sha256', value: A }]);
  });

  it('shows the backend error naming the file', async () => {
    const api = new FakeApi();
    api.dialogAnswer = '/tmp/project/unreadable.pdf';
    const { container } = await openView(api, 'documents');
    await fireEvent.click(container.querySelector('#add-document-file')!);
    await waitFor(() => expect(screen.getByTestId('documents-error').textContent).toContain('/tmp/project/unreadable.pdf'));
    expect(api.held?.documents).toHaveLength(0);
  });
});
