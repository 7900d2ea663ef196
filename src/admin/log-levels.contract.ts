import { z } from 'zod';
import { requestSchema, responseSchema } from '../common/contract/schema-registry';
import { LOG_LEVELS } from '../common/logging/log-levels';

const Level = z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` });
/** A logger context as classes name theirs (`KrogerHttp`, `LinkRefreshJob`). */
const ModuleName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/, { error: 'must be a logger name such as KrogerHttp' });

export const SetLogLevelsRequest = requestSchema(
  'SetLogLevelsRequest',
  z.strictObject({
    default: Level.optional().describe('The level of every module not named in `modules`'),
    modules: z
      .record(ModuleName, Level.nullable())
      .refine((modules) => Object.keys(modules).length <= 50, { error: 'at most 50 modules at once' })
      .optional()
      .meta({
        description: 'Levels per module (logger name); null makes a module follow the default again',
        examples: [{ KrogerHttp: 'debug', LinkRefreshJob: null }],
      }),
  }),
);
export type SetLogLevelsRequest = z.infer<typeof SetLogLevelsRequest>;

export const LogLevelSettings = responseSchema(
  'LogLevelSettings',
  z.object({
    default: Level,
    modules: z.record(z.string(), Level).meta({ examples: [{ KrogerHttp: 'debug' }] }),
  }),
);
export type LogLevelSettings = z.infer<typeof LogLevelSettings>;
