import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { FakeApi, sampleTechFile } from './fake';
import { Project } from './project.svelte';

describe('Project undo and redo', () => {
  let api: FakeApi;
  let p: Project;

  beforeEach(async () => {
    vi.useFakeTimers();
    api = new FakeApi();
    p = new Project(api, 100);
    await p.init();
  });
  afterEach(() => {
    p.dispose();
    vi.useRealTimers();
  });

  const settle = () => vi.advanceTimersByTimeAsync(150);

  it('sends the edits still queued before the undo, and undoes the last of them', async () => {
    expect(p.canUndo).toBe(false);
    expect(p.undoable).toBe(false);
    p.set('device.trade_name', 'First');
    await settle();
    expect(p.canUndo).toBe(true);
    p.set('device.trade_name', 'Second');
    // Not sent yet: undo is still offered, and sends it first.
    expect(api.callsOf('edit')).toHaveLength(1);
    expect(p.undoable).toBe(true);
    const epoch = p.epoch;
    await p.undo();
    expect(api.calls.map((c) => c.cmd).slice(-2)).toEqual(['edit', 'undo']);
    expect(p.tf?.device.trade_name).toBe('First');
    expect(api.held?.device.trade_name).toBe('First');
    expect(p.epoch).toBe(epoch + 1);
    expect(p.canRedo).toBe(true);
    expect(p.dirty).toBe(true);
    await p.undo();
    expect(p.tf?.device.trade_name).toBe('CardioScan AI');
    expect(p.dirty).toBe(false);
    expect(p.canUndo).toBe(false);
    await p.redo();
    await p.redo();
    expect(p.tf?.device.trade_name).toBe('Second');
    expect(p.canRedo).toBe(false);
    expect(p.dirty).toBe(true);
  });

  it('takes an import back in one step and a new edit clears the redo list', async () => {
    const sbom = { documents: [], components: [{ name: 'numpy' }], vulnerabilities: [] };
    api.importedSbom = sbom as never;
    await p.importWith(() => api.importSbom(null));
    expect(p.tf?.sbom).toEqual(sbom);
    await p.undo();
    expect(p.tf?.sbom).toEqual(sampleTechFile().sbom);
    expect(p.dirty).toBe(false);
    expect(p.canRedo).toBe(true);
    p.set('device.version', '2.0');
    await settle();
    expect(p.canRedo).toBe(false);
    const calls = api.calls.length;
    await p.redo();
    // Nothing to redo: the answer changes nothing, the views are kept.
    expect(api.calls.length).toBe(calls + 1);
    expect(p.tf?.device.version).toBe('2.0');
  });

  it('says when an undo fails and keeps the copy', async () => {
    p.set('device.trade_name', 'Kept');
    await settle();
    api.failNext = new ApiError('edit.invalid', 'no way back');
    await p.undo();
    expect(p.notice).toEqual({ kind: 'error', text: 'Could not undo: no way back' });
    expect(p.tf?.device.trade_name).toBe('Kept');
  });
});

describe('Project recovery', () => {
  afterEach(() => vi.useRealTimers());

  async function opened(offer: { error: string | null }) {
    const api = new FakeApi();
    api.initialPath = '/p/techfile.json';
    const recovered = sampleTechFile();
    recovered.device.trade_name = 'Recovered name';
    api.recovered = recovered;
    api.recoveryOffer = { file: '/p/.techfile.json.recovery', written_ms: 1_767_225_600_000, error: offer.error };
    const p = new Project(api, 10);
    await p.init();
    return { api, p };
  }

  it('offers a recovery file found at open and restores it as unsaved changes', async () => {
    const { api, p } = await opened({ error: null });
    expect(p.recovery?.file).toBe('/p/.techfile.json.recovery');
    expect(p.dirty).toBe(false);
    const epoch = p.epoch;
    await p.restoreRecovery();
    expect(api.callsOf('restoreRecovery')).toHaveLength(1);
    expect(p.recovery).toBeNull();
    expect(p.tf?.device.trade_name).toBe('Recovered name');
    expect(p.dirty).toBe(true);
    expect(p.epoch).toBe(epoch + 1);
    expect(p.notice?.text).toContain('Restored the unsaved changes');
    // The restore is one step: undo goes back to the file's state.
    await p.undo();
    expect(p.tf?.device.trade_name).toBe('CardioScan AI');
    expect(p.dirty).toBe(false);
    expect(api.callsOf('saveProject')).toHaveLength(0);
  });

  it('discards a recovery file, and keeps the offer when restoring fails', async () => {
    const { api, p } = await opened({ error: 'unreadable: EOF while parsing' });
    await p.restoreRecovery();
    expect(p.notice?.text).toBe('Could not restore: unreadable: EOF while parsing');
    expect(p.recovery).not.toBeNull();
    await p.discardRecovery();
    expect(api.callsOf('discardRecovery')).toHaveLength(1);
    expect(p.recovery).toBeNull();
    expect(p.tf?.device.trade_name).toBe('CardioScan AI');
  });
});
