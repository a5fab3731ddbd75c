import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, tauriApi } from './api';
import { FakeApi, sampleTechFile } from './fake';
import { Project } from './project.svelte';
import { pathAncestors, findingsUnder } from './findings';

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

  it('starts clean on the initial project with its findings', () => {
    expect(p.tf?.device.trade_name).toBe('CardioScan AI');
    expect(p.path).toBeNull();
    expect(p.dirty).toBe(false);
    expect(p.name).toBe('Example (not saved)');
  });

  it('becomes dirty on an edit and clean again when the edit is undone', () => {
    p.tf!.device.trade_name = 'CardioScan Pro';
    expect(p.dirty).toBe(true);
    expect(p.title.startsWith('• ')).toBe(true);
    p.tf!.device.trade_name = 'CardioScan AI';
    expect(p.dirty).toBe(false);
  });

  it('asks for a path on the first save of the example, then saves in place', async () => {
    p.tf!.device.trade_name = 'Renamed';
    expect(await p.save()).toBe(true);
    expect(api.callsOf('saveProject')[0].path).toBeNull();
    expect(p.path).toBe('/tmp/chosen.techfile.json');
    expect(p.dirty).toBe(false);
    p.tf!.device.trade_name = 'Renamed again';
    await p.save();
    expect(api.callsOf('saveProject')[1].path).toBe('/tmp/chosen.techfile.json');
    expect(api.files.get('/tmp/chosen.techfile.json')?.device.trade_name).toBe('Renamed again');
  });

  it('sends parts it does not edit back unchanged', async () => {
    await p.save();
    expect(api.callsOf('saveProject')[0].techfile.chapters).toEqual(sampleTechFile().chapters);
  });

  it('stays dirty when the save dialog is cancelled', async () => {
    api.dialogAnswer = null;
    p.tf!.device.trade_name = 'Renamed';
    expect(await p.save()).toBe(false);
    expect(p.dirty).toBe(true);
  });

  it('shows an error notice with the message when saving fails', async () => {
    api.failNext = new ApiError('store.write', '/x: cannot write: permission denied');
    expect(await p.save()).toBe(false);
    expect(p.notice).toEqual({ kind: 'error', text: 'Could not save: /x: cannot write: permission denied' });
  });

  it('re-checks once, a moment after the last of several edits', async () => {
    p.tf!.device.trade_name = '';
    p.scheduleCheck();
    p.tf!.device.manufacturer.srn = '';
    p.scheduleCheck();
    expect(api.callsOf('check')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(150);
    expect(api.callsOf('check')).toHaveLength(1);
    expect(p.findings.map((f) => f.path)).toEqual(['device.trade_name', 'device.manufacturer.srn']);
  });

  it('does not re-check when nothing changed', async () => {
    p.scheduleCheck();
    await vi.advanceTimersByTimeAsync(150);
    expect(api.callsOf('check')).toHaveLength(0);
  });

  it('exports through the adapter and reports where', async () => {
    api.dialogAnswer = '/tmp/out.json';
    await p.exportAs('pdf');
    expect(api.callsOf('exportProject')[0].format).toBe('pdf');
    expect(p.notice?.text).toBe('Exported PDF to /tmp/out.pdf');
  });

  it('keeps the edits when the open dialog is cancelled, replaces them when a file is chosen', async () => {
    api.files.set('/tmp/chosen.techfile.json', { ...sampleTechFile(), device: { ...sampleTechFile().device, trade_name: 'Other' } });
    p.tf!.device.trade_name = 'Edited';
    api.dialogAnswer = null;
    await p.open();
    expect(p.tf?.device.trade_name).toBe('Edited');
    expect(p.dirty).toBe(true);
    api.dialogAnswer = '/tmp/chosen.techfile.json';
    await p.open();
    expect(p.tf?.device.trade_name).toBe('Other');
    expect(p.path).toBe('/tmp/chosen.techfile.json');
    expect(p.dirty).toBe(false);
  });
});

describe('tauriApi', () => {
  it('names the commands and arguments of src-tauri/src/commands.rs', async () => {
    const seen: [string, unknown][] = [];
    const api = tauriApi(async <T,>(cmd: string, args?: Record<string, unknown>) => {
      seen.push([cmd, args]);
      return null as T;
    });
    const tf = sampleTechFile();
    await api.initialProject();
    await api.openProject();
    await api.saveProject(tf, '/p.json');
    await api.check(tf);
    await api.exportProject(tf, 'markdown');
    await api.setDirty(true, 't');
    expect(seen).toEqual([
      ['initial_project', undefined],
      ['open_project', undefined],
      ['save_project', { techfile: tf, path: '/p.json' }],
      ['check_project', { techfile: tf }],
      ['export_project', { techfile: tf, format: 'markdown' }],
      ['set_dirty', { dirty: true, title: 't' }],
    ]);
  });

  it('turns a {code, message} rejection into an ApiError', async () => {
    const api = tauriApi(async () => {
      throw { code: 'store.parse', message: 'p.json:3:4: bad' };
    });
    await expect(api.check(sampleTechFile())).rejects.toMatchObject({ code: 'store.parse', message: 'p.json:3:4: bad' });
  });
});

describe('findings helpers', () => {
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
