import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { toEndpoint } from '../../engines/engine-discovery';

const DEFAULTS: Settings = SettingsSchema.parse({ engineSockets: [] });

/** User settings in one JSON file; a corrupt file falls back to defaults instead of breaking start-up. */
export class SettingsStore {
  private current: Settings;

  constructor(
    private readonly file: string,
    private readonly onChange: (settings: Settings) => void = () => undefined,
  ) {
    this.current = SettingsStore.load(file);
  }

  static load(file: string): Settings {
    try {
      const parsed = SettingsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data : structuredClone(DEFAULTS);
    } catch {
      return structuredClone(DEFAULTS);
    }
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  update(patch: SettingsPatch): Settings {
    const next: Settings = { ...this.current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    if (patch.engineSockets) {
      const normalized: string[] = [];
      for (const s of patch.engineSockets) {
        const endpoint = toEndpoint(s);
        if (!endpoint) {
          throw new AppError('INVALID_INPUT', `"${s}" is not an engine socket: use an absolute path, unix:///path or tcp://host:port.`, { value: s });
        }
        if (!normalized.includes(endpoint)) normalized.push(endpoint);
      }
      next.engineSockets = normalized;
    }
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 2));
    renameSync(tmp, this.file); // atomic: a crash mid-write never leaves half a file
    this.current = next;
    this.onChange(this.get());
    return this.get();
  }
}
