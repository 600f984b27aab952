import { PORT_PRESETS } from '../../shared/port-services';
import type { PortSpec } from '../../shared/port-spec';

export interface Preset {
  name: string;
  /** For data-testid: `preset-postgresql`, `preset-mysql-mariadb`. */
  slug: string;
  description: string;
  spec: PortSpec;
}

/** The shared common-service table's ready-made mappings (bound to 127.0.0.1), as the form offers them. */
export const PRESETS: readonly Preset[] = PORT_PRESETS.map((p) => ({
  name: p.service.name,
  slug: p.id,
  description: p.description,
  spec: { ...p.spec },
}));
