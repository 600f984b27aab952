import { z } from 'zod';
import { ContainerDetailsSchema, ContainerRefSchema, ContainerSchema, EngineSchema, SettingsPatchSchema, SettingsSchema } from './model';
import { portChannels } from './ports';
import { networkChannels } from './networks';
import { diagnosticsChannels } from './diagnostics';

const Empty = z.object({}).strict();
const Done = z.object({ ok: z.literal(true) });

/** Every request/response channel: its request schema and its result schema. */
export const channels = {
  'engines.list': { request: Empty, result: z.array(EngineSchema) },
  'containers.list': {
    request: z
      .object({
        engineId: z.string().min(1).max(1024).optional(),
        runningOnly: z.boolean().optional(),
      })
      .strict(),
    result: z.array(ContainerSchema),
  },
  'containers.inspect': { request: ContainerRefSchema.strict(), result: ContainerDetailsSchema },
  'containers.start': { request: ContainerRefSchema.strict(), result: ContainerSchema },
  'containers.stop': {
    request: ContainerRefSchema.extend({ timeoutSeconds: z.number().int().min(0).max(600).optional() }).strict(),
    result: ContainerSchema,
  },
  'containers.restart': {
    request: ContainerRefSchema.extend({ timeoutSeconds: z.number().int().min(0).max(600).optional() }).strict(),
    result: ContainerSchema,
  },
  'containers.remove': {
    request: ContainerRefSchema.extend({ force: z.boolean().optional() }).strict(),
    result: Done,
  },
  'settings.get': { request: Empty, result: SettingsSchema },
  'settings.update': { request: SettingsPatchSchema, result: SettingsSchema },
  ...portChannels,
  ...networkChannels,
  ...diagnosticsChannels,
} as const;
