import type { AiPart } from './generated/techfile';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, tauriApi } from './api';
import { FakeApi, sampleTechFile } from './fake';
import { formatPath, getAt, insertAt, isUnder, parsePath, partOf, removeAt, setAt } from './paths';
import { Project } from './project.svelte';
import { Task } from './task.svelte';
import { pathAncestors, findingsAt, findingsUnder, frameworkLabel } from './findings';
import { EDIT_TO_FINDINGS, EDIT_WAIT } from './latency';
import type { Edit, Update } from './types';

describe('Project', () => {
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

  it('starts clean on the initial project with its findings', () => {
    expect(p.tf?.device.trade_name).toBe('CardioScan AI');
    expect(p.path).toBeNull();
    expect(p.dirty).toBe(false);
    expect(p.name).toBe('Example (not saved)');
  });

  it('sends an edit by its path, not the project, and takes the findings back', async () => {
    p.set('device.trade_name', '');
    expect(p.tf?.device.trade_name).toBe('');
    expect(p.dirty).toBe(true);
    expect(p.checking).toBe(true);
    expect(api.callsOf('edit')).toHaveLength(0);
    await settle();
    expect(api.callsOf('edit').map((c) => c.edits)).toEqual([[{ op: 'set', path: 'device.trade_name', value: '' }]]);
    expect(JSON.stringify(api.calls)).not.toContain('Untouched by the UI');
    expect(api.held?.device.trade_name).toBe('');
    expect(p.findings.map((f) => f.path)).toEqual(['device.trade_name']);
    expect(p.checking).toBe(false);
    expect(p.revision).toBe(1);
    expect(p.changedAt.device).toBe(1);
  });

  it('becomes clean again when an edit is undone by hand (the backend compares)', async () => {
    p.set('device.trade_name', 'CardioScan Pro');
    await settle();
    expect(p.dirty).toBe(true);
    expect(p.title.startsWith('• ')).toBe(true);
    p.set('device.trade_name', 'CardioScan AI');
    expect(p.dirty).toBe(true);
    await settle();
    expect(p.dirty).toBe(false);
  });

  it('sends a binding change with the value the copy now holds', async () => {
    p.tf!.device.manufacturer.srn = 'DE-MF-1';
    p.changed('device.manufacturer.srn');
    await settle();
    expect(api.callsOf('edit')[0].edits).toEqual([{ op: 'set', path: 'device.manufacturer.srn', value: 'DE-MF-1' }]);
  });

  it('batches keystrokes: the last set of a path wins, other paths ride along', async () => {
    for (const v of ['C', 'Ca', 'Car']) p.set('device.trade_name', v);
    p.set('document.title', 'T');
    p.set('device.trade_name', 'Card');
    await settle();
    expect(api.callsOf('edit').map((c) => c.edits)).toEqual([
      [
        { op: 'set', path: 'document.title', value: 'T' },
        { op: 'set', path: 'device.trade_name', value: 'Card' },
      ],
    ]);
  });

  it('sends inserts and removes alone and in order, so indices agree', async () => {
    p.set('device.warnings[0]', 'Changed');
    p.insert('device.warnings[1]', 'Inserted');
    p.set('device.warnings[1]', 'Inserted and typed');
    p.remove('device.warnings[0]');
    expect(p.tf?.device.warnings).toEqual(['Inserted and typed']);
    await settle();
    expect(api.callsOf('edit').map((c) => c.edits.map((e) => e.op))).toEqual([['set'], ['insert'], ['set'], ['remove']]);
    expect(api.held?.device.warnings).toEqual(['Inserted and typed']);
  });

  it('moves a row as a remove and an insert', async () => {
    const revs = () => p.tf!.document.revisions.map((r) => r.version);
    p.insert('document.revisions[1]', { version: '1.1', date: '', author: '', description: '' });
    p.move('document.revisions[1]', 0);
    expect(revs()).toEqual(['1.1', '1.0']);
    await settle();
    expect(api.held?.document.revisions.map((r) => r.version)).toEqual(['1.1', '1.0']);
  });

  it('takes back a refused edit and says why, the backend unchanged', async () => {
    p.set('device.trade_name', 42 as unknown as string);
    await settle();
    expect(p.notice?.kind).toBe('error');
    expect(p.notice?.text).toContain('`device.trade_name`');
    expect(p.tf?.device.trade_name).toBe('CardioScan AI');
    expect(api.held?.device.trade_name).toBe('CardioScan AI');
    expect(api.callsOf('valueAt').map((c) => c.path)).toEqual(['device.trade_name']);
    expect(p.dirty).toBe(false);
  });

  it('takes back a refused insert by the backend list', async () => {
    p.insert('device.warnings[0]', 7);
    expect(p.tf?.device.warnings).toHaveLength(2);
    api.failNext = new ApiError('edit.invalid', '`device.warnings[0]`: invalid type: integer `7`, expected a string');
    await settle();
    expect(p.tf?.device.warnings).toEqual(sampleTechFile().device.warnings);
    expect(api.callsOf('valueAt').map((c) => c.path)).toEqual(['device.warnings']);
  });

  it('takes the value as the backend holds it when nothing newer is queued', async () => {
    const edit = api.edit.bind(api);
    api.edit = async (edits) => {
      const u = await edit(edits);
      return { ...u, changed: [{ path: 'document.revisions[1]', value: { version: '2', date: '', author: '', description: 'filled in' } }] };
    };
    p.insert('document.revisions[1]', { version: '2' });
    await settle();
    expect(p.tf?.document.revisions[1].description).toBe('filled in');
  });

  it('asks for a path on the first save of the example, then saves in place', async () => {
    p.set('device.trade_name', 'Renamed');
    expect(await p.save()).toBe(true);
    expect(api.callsOf('saveProject')[0].path).toBeNull();
    expect(p.path).toBe('/tmp/chosen.techfile.json');
    expect(p.dirty).toBe(false);
    p.set('device.trade_name', 'Renamed again');
    await p.save();
    expect(api.callsOf('saveProject')[1].path).toBe('/tmp/chosen.techfile.json');
    expect(api.files.get('/tmp/chosen.techfile.json')?.device.trade_name).toBe('Renamed again');
  });

  it('sends the queued edits before saving and keeps the parts it does not edit', async () => {
    p.set('document.title', 'Saved at once');
    await p.save();
    const order = api.calls.map((c) => c.cmd).filter((c) => c === 'edit' || c === 'saveProject');
    expect(order).toEqual(['edit', 'saveProject']);
    const file = api.files.get('/tmp/chosen.techfile.json');
    expect(file?.document.title).toBe('Saved at once');
    expect(file?.chapters).toEqual(sampleTechFile().chapters);
  });

  it('stays dirty when the save dialog is cancelled', async () => {
    api.dialogAnswer = null;
    p.set('device.trade_name', 'Renamed');
    expect(await p.save()).toBe(false);
    expect(p.dirty).toBe(true);
  });

  it('shows an error notice with the message when saving fails', async () => {
    api.failNext = new ApiError('store.write', '/x: cannot write: permission denied');
    expect(await p.save()).toBe(false);
    expect(p.notice).toEqual({ kind: 'error', text: 'Could not save: /x: cannot write: permission denied' });
  });

  it('takes an import: the parts it changed, and drops edits queued inside them', async () => {
    const part = { systems: [{ name: 'imported' }] } as unknown as AiPart;
    const r = await p.importWith(async (): Promise<{ update: Update }> => {
      // The user types while the import dialog is open.
      p.set('document.title', 'Typed during the import');
      p.set('device.trade_name', 'Kept');
      api.held!.ai = structuredClone(part);
      api.held!.document.title = 'From the import';
      api.revision += 1;
      const held = api.held! as unknown as Record<string, unknown>;
      const changed = ['ai', 'document'].map((path) => ({ path, value: structuredClone(held[path]) }));
      return { update: { revision: api.revision, dirty: true, changed, findings: [], coverage: [], can_undo: true, can_redo: false } };
    });
    expect(r?.update.changed).toHaveLength(2);
    expect(p.tf?.ai).toEqual(part);
    expect(p.tf?.document.title).toBe('From the import');
    expect(p.changedAt.ai).toBe(1);
    await settle();
    expect(api.callsOf('edit').map((c) => c.edits)).toEqual([[{ op: 'set', path: 'device.trade_name', value: 'Kept' }]]);
    expect(api.held?.document.title).toBe('From the import');
    expect(api.held?.device.trade_name).toBe('Kept');
  });

  it('exports through the adapter and reports where', async () => {
    api.dialogAnswer = '/tmp/out.json';
    await p.exportAs('pdf');
    expect(api.callsOf('exportProject')[0].format).toBe('pdf');
    expect(p.notice?.text).toBe('Exported PDF to /tmp/out.pdf');
  });

  it('keeps the coverage figures the backend computes after each edit', async () => {
    expect(p.coverage).toEqual([
      { framework: 'mdr-annex-ii', answered: 2, total: 2 },
      { framework: 'mdr-annex-iii', answered: 0, total: 4 },
    ]);
    p.set('device.trade_name', '');
    await settle();
    expect(p.coverage[0]).toEqual({ framework: 'mdr-annex-ii', answered: 1, total: 2 });
  });

  it('says when an opened file was of an older schema version and will be saved as the current one', async () => {
    const notice = '/p/old.json: schema version 1, read as version 2; the next save writes version 2 and keeps the version 1 file as /p/old.json.bak';
    const plain = api.openProject.bind(api);
    api.openProject = async () => {
      const o = await plain();
      return o && { ...o, migrated: notice };
    };
    api.files.set('/p/old.json', sampleTechFile());
    api.dialogAnswer = '/p/old.json';
    await p.open();
    expect(p.path).toBe('/p/old.json');
    expect(p.notice).toEqual({ kind: 'info', text: notice });
  });

  it('keeps the edits when the open dialog is cancelled, replaces them when a file is chosen', async () => {
    api.files.set('/tmp/chosen.techfile.json', { ...sampleTechFile(), device: { ...sampleTechFile().device, trade_name: 'Other' } });
    p.set('device.trade_name', 'Edited');
    api.dialogAnswer = null;
    await p.open();
    expect(api.callsOf('edit')).toHaveLength(1);
    expect(p.tf?.device.trade_name).toBe('Edited');
    expect(p.dirty).toBe(true);
    api.dialogAnswer = '/tmp/chosen.techfile.json';
    const epoch = p.epoch;
    await p.open();
    expect(p.tf?.device.trade_name).toBe('Other');
    expect(p.path).toBe('/tmp/chosen.techfile.json');
    expect(p.dirty).toBe(false);
    expect(p.epoch).toBe(epoch + 1);
  });
});

describe('Task', () => {
  it('is busy while it runs, keeps the error, and does not start twice', async () => {
    const t = new Task();
    let release!: () => void;
    const first = t.run(() => new Promise<string>((r) => (release = () => r('done'))));
    expect(t.busy).toBe(true);
    expect(await t.run(async () => 'second')).toBeUndefined();
    release();
    expect(await first).toBe('done');
    expect(t.busy).toBe(false);
    const told: string[] = [];
    expect(await t.run(() => Promise.reject(new ApiError('x.y', 'broken')), (e) => told.push(e.code))).toBeUndefined();
    expect(t.error).toBe('broken');
    expect(told).toEqual(['x.y']);
    await t.run(async () => 1);
    expect(t.error).toBe('');
  });
});

describe('paths', () => {
  it('parse and format as the findings write them', () => {
    expect(parsePath('risk.entries[3].controls[0].id')).toEqual(['risk', 'entries', 3, 'controls', 0, 'id']);
    expect(formatPath(['risk', 'entries', 3, 'id'])).toBe('risk.entries[3].id');
    expect(partOf('risk.entries[3]')).toBe('risk');
    expect(isUnder('risk.entries[3].id', 'risk.entries[3]')).toBe(true);
    expect(isUnder('risk.entries[30]', 'risk.entries[3]')).toBe(false);
  });

  it('read and change a copy of the project', () => {
    const tf = sampleTechFile();
    expect(getAt(tf, 'document.revisions[0].version')).toBe('1.0');
    expect(setAt(tf, 'device.udi_dis[0]', 'x')).toBe(true);
    expect(setAt(tf, 'device.nothing.here', 'x')).toBe(false);
    expect(insertAt(tf, 'device.udi_dis[1]', 'y')).toBe(true);
    expect(insertAt(tf, 'device.udi_dis[5]', 'z')).toBe(false);
    expect(removeAt(tf, 'device.udi_dis[0]')).toBe(true);
    expect(tf.device.udi_dis).toEqual(['y']);
  });
});

describe('tauriApi', () => {
  it('names the commands and arguments of src-tauri/src/commands.rs', async () => {
    const seen: [string, unknown][] = [];
    const options: unknown[] = [];
    const api = tauriApi(async <T,>(cmd: string, args?: Record<string, unknown> | Uint8Array, opts?: unknown) => {
      seen.push([cmd, args]);
      if (opts) options.push(opts);
      return null as T;
    });
    const edits = [{ op: 'set' as const, path: 'device.trade_name', value: 'X' }];
    await api.initialProject();
    await api.openProject();
    await api.edit(edits);
    await api.valueAt('device');
    await api.saveProject('/p.json');
    await api.exportProject('markdown');
    await api.setDirty(true, 't');
    await api.importSbom(null);
    await api.importRisks(true);
    const bytes = new Uint8Array([1, 2, 3]);
    await api.importDropped('résumé risks.csv', bytes);
    expect(options).toEqual([{ headers: { 'x-file-name': 'r%C3%A9sum%C3%A9%20risks.csv' } }]);
    expect(seen).toEqual([
      ['initial_project', undefined],
      ['open_project', undefined],
      ['edit', { edits }],
      ['value_at', { path: 'device' }],
      ['save_project', { path: '/p.json' }],
      ['export_project', { format: 'markdown', part: null }],
      ['set_dirty', { dirty: true, title: 't' }],
      ['import_sbom', { item: null }],
      ['import_risks', { withMapping: true }],
      ['import_dropped', bytes],
    ]);
  });

  it('turns a {code, message} rejection into an ApiError', async () => {
    const api = tauriApi(async () => {
      throw { code: 'edit.invalid', message: '`device.risk_class`: unknown variant' };
    });
    await expect(api.edit([])).rejects.toMatchObject({ code: 'edit.invalid', message: '`device.risk_class`: unknown variant' });
  });
});

describe('findings helpers', () => {
  it('labels CRA Annex VII as the CRA profile, not as a framework of the device', () => {
    expect(frameworkLabel('cra-annex-vii')).toBe('CRA profile (Annex VII)');
    expect(frameworkLabel('mdr-annex-ii')).toBe('MDR Annex II');
  });
  it('walks from a field path up to its part', () => {
    expect(pathAncestors('document.approvals[0].date')).toEqual([
      'document.approvals[0].date',
      'document.approvals[0]',
      'document.approvals',
      'document',
    ]);
  });
  it('selects findings inside a path but not beside it', () => {
    const f = (path: string) => ({ rule: 'r', severity: 'error' as const, path, message: '' });
    const list = [f('device.udi_dis[1]'), f('device.udi_dis_x'), f('device.udi_dis')];
    expect(findingsUnder(list, 'device.udi_dis').map((x) => x.path)).toEqual(['device.udi_dis[1]', 'device.udi_dis']);
  });
  it('finds the findings of exactly a path, in order, from each new list', () => {
    const f = (path: string, message: string) => ({ rule: 'r', severity: 'error' as const, path, message });
    const list = [f('device.trade_name', 'a'), f('device.trade_name_x', 'b'), f('device.trade_name', 'c')];
    expect(findingsAt(list, 'device.trade_name').map((x) => x.message)).toEqual(['a', 'c']);
    expect(findingsAt(list, 'device.version')).toEqual([]);
    // The next answer is a new list: its own findings, not the last one's.
    const next = [f('device.version', 'd')];
    expect(findingsAt(next, 'device.trade_name')).toEqual([]);
    expect(findingsAt(next, 'device.version').map((x) => x.message)).toEqual(['d']);
  });
});

describe('grouping findings by part', () => {
  it('puts the focused part first, then parts with errors, errors first inside', async () => {
    const { groupByPart } = await import('./findings');
    const f = (path: string, severity: 'error' | 'warning' | 'info') => ({ rule: 'r', severity, path, message: path });
    const groups = groupByPart(
      [f('sbom.components[0]', 'warning'), f('risk.entries[1]', 'error'), f('device.srn', 'warning'), f('device.trade_name', 'error')],
      ['device'],
    );
    expect(groups.map((g) => g.part)).toEqual(['device', 'risk', 'sbom']);
    expect(groups[0].findings.map((x) => x.path)).toEqual(['device.trade_name', 'device.srn']);
    expect(groups[0].label).toBe('Device');
    expect(groups[2].label).toBe('SBOM');
    expect(groups[0].counts).toEqual({ error: 1, warning: 1, info: 0 });
  });
});

describe('Project without a debounce (the app default)', () => {
  it('sends an edit at once, and the edits made while it is on its way as one next batch', async () => {
    const api = new FakeApi();
    const p = new Project(api);
    await p.init();
    const batches: Edit[][] = [];
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const edit = api.edit.bind(api);
    api.edit = async (edits) => {
      batches.push(structuredClone(edits));
      if (batches.length === 1) await gate;
      return edit(edits);
    };
    p.set('device.trade_name', 'A');
    await vi.waitUntil(() => batches.length === 1);
    // Typed on while the first is on its way: they wait for it.
    p.set('device.trade_name', 'AB');
    p.set('device.trade_name', 'ABC');
    p.set('device.version', '9');
    await Promise.resolve();
    expect(batches).toHaveLength(1);
    expect(p.pending).toBe(3);
    release();
    await vi.waitUntil(() => p.pending === 0);
    expect(batches.map((b) => b.map((e) => (e.op === 'set' ? `${e.path}=${e.value}` : e.op)))).toEqual([
      ['device.trade_name=A'],
      ['device.trade_name=ABC', 'device.version=9'],
    ]);
    expect(api.held?.device.trade_name).toBe('ABC');
    // Each input's time to its findings is measured (src/lib/latency.ts).
    await vi.waitUntil(() => performance.getEntriesByName(EDIT_TO_FINDINGS).length === 4);
    const waits = performance.getEntriesByName(EDIT_WAIT).map((m) => m.duration);
    expect(waits).toHaveLength(4);
    p.dispose();
  });
});
