import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SettingsSchema } from '../../../../src/shared/contract';
import { AppError } from '../../../../src/shared/errors';
import { SettingsStore } from '../../../../src/main/services/settings/settings-store';

/** The defaults are whatever the schema fills in around an empty socket list. */
const DEFAULTS = SettingsSchema.parse({ engineSockets: [] });
const withSockets = (engineSockets: string[]) => ({ ...DEFAULTS, engineSockets });

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ck-settings-'));
  file = join(dir, 'nested', 'config', 'settings.json');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeRaw(text: string): void {
  new SettingsStore(file).update({}); // creates the folders
  writeFileSync(file, text);
}

describe('loading', () => {
  it('uses defaults when the file is missing', () => {
    expect(new SettingsStore(file).get()).toEqual(DEFAULTS);
    expect(existsSync(file)).toBe(false); // reading never writes
  });

  it.each([
    ['corrupt JSON', '{"engineSockets": ['],
    ['an empty file', ''],
    ['a JSON array', '[]'],
    ['a wrong type', '{"engineSockets": "/var/run/docker.sock"}'],
    ['a relative socket', '{"engineSockets": ["docker.sock"]}'],
    ['JSON null', 'null'],
  ])('uses defaults for %s', (_label, text) => {
    writeRaw(text);
    expect(new SettingsStore(file).get()).toEqual(DEFAULTS);
  });

  it('reads a valid file', () => {
    writeRaw(JSON.stringify({ engineSockets: ['unix:///opt/a.sock', 'tcp://h:2375'] }));
    expect(new SettingsStore(file).get()).toEqual(withSockets(['unix:///opt/a.sock', 'tcp://h:2375']));
  });

  it('get() hands out a copy', () => {
    const store = new SettingsStore(file);
    store.get().engineSockets.push('/tampered.sock');
    expect(store.get()).toEqual(DEFAULTS);
  });
});

describe('update', () => {
  it('normalizes bare paths and http URLs, and dedupes the same endpoint', () => {
    const store = new SettingsStore(file);
    const result = store.update({
      engineSockets: ['/path/x.sock', 'unix:///path/x.sock', ' /path/x.sock ', 'http://h:2375', 'tcp://h:2375', 'unix:///other.sock'],
    });
    expect(result).toEqual(withSockets(['unix:///path/x.sock', 'tcp://h:2375', 'unix:///other.sock']));
    expect(store.get()).toEqual(result);
  });

  it('rejects something that is not a socket with INVALID_INPUT and changes nothing', () => {
    const onChange = vi.fn();
    const store = new SettingsStore(file, onChange);
    store.update({ engineSockets: ['/ok.sock'] });
    onChange.mockClear();
    const before = readFileSync(file, 'utf8');

    let err: unknown;
    try {
      store.update({ engineSockets: ['/fine.sock', 'not a socket'] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_INPUT');
    expect((err as AppError).message).toContain('not a socket');
    expect((err as AppError).details).toEqual({ value: 'not a socket' });
    expect(store.get()).toEqual(withSockets(['unix:///ok.sock']));
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('persists: a new store on the same file reads what was saved, with no temp file left', () => {
    new SettingsStore(file).update({ engineSockets: ['/a.sock', 'tcp://10.0.0.5:2375'] });
    expect(new SettingsStore(file).get()).toEqual(withSockets(['unix:///a.sock', 'tcp://10.0.0.5:2375']));
    expect(SettingsStore.load(file)).toEqual(withSockets(['unix:///a.sock', 'tcp://10.0.0.5:2375']));
    expect(readdirSync(join(dir, 'nested', 'config'))).toEqual(['settings.json']);
  });

  it('calls onChange with the new settings, and a copy', () => {
    const onChange = vi.fn();
    const store = new SettingsStore(file, onChange);
    store.update({ engineSockets: ['/a.sock'] });
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith(withSockets(['unix:///a.sock']));
    (onChange.mock.calls[0][0] as { engineSockets: string[] }).engineSockets.push('/tampered.sock');
    expect(store.get()).toEqual(withSockets(['unix:///a.sock']));
  });

  it('an empty patch keeps the current values', () => {
    const store = new SettingsStore(file);
    store.update({ engineSockets: ['/a.sock'] });
    expect(store.update({})).toEqual(withSockets(['unix:///a.sock']));
    expect(store.update({ engineSockets: undefined })).toEqual(withSockets(['unix:///a.sock']));
    expect(store.update({ engineSockets: [] })).toEqual(DEFAULTS);
    expect(new SettingsStore(file).get()).toEqual(DEFAULTS);
  });
});
