import { z } from 'zod';
import { ContainerSchema, EngineSchema } from './model';
import { PortConflictEventSchema } from './ports';
import { NetworksChangedSchema } from './networks';
import { DiagnosticsAlertSchema, DiagnosticsProgressSchema, NetworkSampleSchema } from './diagnostics';

export const ContainersChangedSchema = z.discriminatedUnion('type', [
  /** One container's new snapshot (created, started, stopped, renamed…). */
  z.object({ type: z.literal('upsert'), engineId: z.string(), container: ContainerSchema }),
  z.object({ type: z.literal('remove'), engineId: z.string(), id: z.string() }),
  /** The whole set for one engine: after a (re)connect, or empty when the engine went away. */
  z.object({ type: z.literal('snapshot'), engineId: z.string(), containers: z.array(ContainerSchema) }),
]);
export type ContainersChanged = z.infer<typeof ContainersChangedSchema>;

/** A command chosen in the application menu, applied by the renderer to what it has selected. */
export const UiCommandSchema = z.object({
  command: z.enum([
    'container.start',
    'container.stop',
    'container.restart',
    'container.remove',
    'containers.refresh',
    'containers.focusSearch',
    'containers.toggleRunningOnly',
    'containers.new',
    'container.open',
    /** Opens Troubleshoot on the selected container (or on none). */
    'container.troubleshoot',
    'view.firewall',
  ]),
  /** For `container.open` (a notification or tray click): which container to show. */
  target: z.object({ engineId: z.string(), id: z.string() }).optional(),
});
export type UiCommand = z.infer<typeof UiCommandSchema>;

/** Every pushed event and the schema of its payload. */
export const events = {
  'engines.changed': z.object({ engines: z.array(EngineSchema) }),
  'containers.changed': ContainersChangedSchema,
  'ui.command': UiCommandSchema,
  'ports.conflict': PortConflictEventSchema,
  'networks.changed': NetworksChangedSchema,
  /** One check of a diagnostics or troubleshooting run finished. */
  'diagnostics.progress': DiagnosticsProgressSchema,
  /** A live network sample of a watched container. */
  'monitor.sample': NetworkSampleSchema,
  /** The quick check after a container start found a cause (e.g. its server listens on loopback only). */
  'diagnostics.alert': DiagnosticsAlertSchema,
} as const;
