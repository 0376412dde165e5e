/**
 * One configuration file per desk machine, validated at start. A wrong or missing value is a
 * typed error naming the key and the expected form, and the app refuses to start rather than
 * guess: a kiosk that silently fell back to another clinic's name or time zone would mislabel
 * every notification it sends. Secrets are not here: the gateway's credentials are only named
 * (`credentialsRef`) and live in the key provider's store.
 */
import { z } from 'zod';
import { ConfigError } from '../../shared/config-errors.ts';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../../shared/languages.ts';
import { LOG_LEVELS } from '../../shared/log-levels.ts';
import { ROLES } from '../../shared/roles.ts';
import { gatewayConfigSchema } from '../delivery/gateway-client.ts';
import { DEFAULT_IDLE_MINUTES, MAX_IDLE_MINUTES, MIN_IDLE_MINUTES } from '../operators/idle-sign-out.ts';
import { DEFAULT_VISIT_CONFIG } from '../visit/config.ts';
import { clinicConfigSchema } from './clinic-config.ts';

export const CONFIG_VERSION = 1;

/** An IANA zone name ("Asia/Almaty", "UTC") this machine's Intl knows. */
export function isTimeZone(value: string): boolean {
  // Offsets like "+05:00" are accepted by Intl but follow no daylight-saving rules: a zone name only.
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(value) && value !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The expected form of a listed value, as the messages say it: 'one of "kk", "ru", "en"'. */
function oneOf(list: readonly string[]): string {
  return `one of ${list.map((item) => `"${item}"`).join(', ')}`;
}

const language = z.enum(LANGUAGES, { message: oneOf(LANGUAGES) });

const idleMinutes = z
  .number()
  .int({ message: `a whole number of minutes from ${MIN_IDLE_MINUTES} to ${MAX_IDLE_MINUTES}` })
  .min(MIN_IDLE_MINUTES, {
    message: `a whole number of minutes from ${MIN_IDLE_MINUTES} to ${MAX_IDLE_MINUTES}`,
  })
  .max(MAX_IDLE_MINUTES, {
    message: `a whole number of minutes from ${MIN_IDLE_MINUTES} to ${MAX_IDLE_MINUTES}`,
  });

export const kioskConfigSchema = z
  .object({
    version: z.literal(CONFIG_VERSION, { message: `the number ${CONFIG_VERSION}` }),
    clinic: z
      .object({
        id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, {
          message: 'lower-case letters, digits and dashes, e.g. "almaty-pol-5"',
        }),
        name: z
          .string({ message: 'the clinic name as patients know it' })
          .trim()
          .min(1, { message: 'the clinic name as patients know it' })
          .max(200, { message: 'at most 200 characters' }),
        timeZone: z.string().refine(isTimeZone, { message: 'an IANA time zone such as "Asia/Almaty"' }),
        /** The number a patient calls when a notified visit was not theirs. */
        callNumber: z
          .string()
          .regex(/^\+?[0-9][0-9 ()-]{4,24}$/, { message: 'a phone number such as "+7 727 123 45 67"' }),
      })
      .strict(),
    desk: z
      .object({
        id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, { message: 'a desk id such as "desk-12"' }),
      })
      .strict(),
    languages: z
      .object({
        enabled: z
          .array(language)
          .min(1, { message: 'at least one language' })
          .refine((l) => new Set(l).size === l.length, { message: 'each language once' }),
        default: language,
      })
      .strict()
      .refine((l) => l.enabled.includes(l.default), {
        message: 'the default language must be one of the enabled ones',
        path: ['default'],
      }),
    camera: z
      .object({
        /** The browser's deviceId of the chosen webcam; null: the first one found. */
        deviceId: z.string().min(1).max(256).nullable(),
      })
      .strict(),
    /** null: no gateway (offline desk), codes by printed slip only. */
    gateway: z
      .object({
        baseUrl: gatewayConfigSchema.shape.baseUrl,
        /** Name of the stored secret holding the bearer token; the token itself never sits here. */
        credentialsRef: z
          .string()
          .regex(/^[a-z][a-z0-9-]{0,63}$/, { message: 'a secret name such as "gateway"' }),
        timeoutMs: z.number().int().positive().max(120_000).default(10_000),
        maxAttempts: z.number().int().min(1).max(10).default(4),
      })
      .strict()
      .nullable(),
    slip: z.object({ allowed: z.boolean({ message: 'true or false' }) }).strict(),
    identification: z
      .object({
        maxFaceAttempts: z.number().int().min(1).max(10),
      })
      .strict(),
    retention: z
      .object({
        /** Audit rows and consent records older than this are purged (kept at least a year). */
        auditDays: z.number().int().min(365, { message: 'a whole number of days, at least 365' }).max(36_500),
      })
      .strict(),
    /**
     * The clinic database this desk shares (docs/CLINIC-PROTOCOL.md); null or absent: a single
     * desk on its own SQLite, as every desk was before clinics. The desk's password sits in the
     * sealed secret store under `credentialsRef`, never here.
     */
    clinicDatabase: clinicConfigSchema.nullable().default(null),
    /**
     * Minutes without an operator action after which the desk signs the operator out, by role;
     * absent in files written before sessions ended: the defaults.
     */
    sessions: z
      .object({ idleMinutes: z.record(z.enum(ROLES), idleMinutes) })
      .strict()
      .default({ idleMinutes: { ...DEFAULT_IDLE_MINUTES } }),
    /** Start the kiosk with the operating-system session. */
    startWithSystem: z.boolean({ message: 'true or false' }),
    logLevel: z.enum(LOG_LEVELS, { message: `one of ${LOG_LEVELS.join(', ')}` }),
  })
  .strict();

export type KioskConfig = z.output<typeof kioskConfigSchema>;
export type KioskConfigInput = z.input<typeof kioskConfigSchema>;

/** What a fresh single desk with no network starts from; setup fills in the clinic and desk. */
export function defaultKioskConfig(site: {
  clinicId: string;
  clinicName: string;
  timeZone: string;
  callNumber: string;
  deskId: string;
}): KioskConfig {
  return parseKioskConfig({
    version: CONFIG_VERSION,
    clinic: {
      id: site.clinicId,
      name: site.clinicName,
      timeZone: site.timeZone,
      callNumber: site.callNumber,
    },
    desk: { id: site.deskId },
    languages: { enabled: [...LANGUAGES], default: DEFAULT_LANGUAGE },
    camera: { deviceId: null },
    gateway: null,
    slip: { allowed: true },
    identification: { maxFaceAttempts: DEFAULT_VISIT_CONFIG.maxFaceAttempts },
    retention: { auditDays: 5 * 365 },
    startWithSystem: true,
    logLevel: 'info',
  });
}

/**
 * Parses a configuration; the error lists every problem as "key: expected …", never the value
 * found (it could be a misplaced secret).
 */
export function parseKioskConfig(input: unknown): KioskConfig {
  const parsed = kioskConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.') || '(the file)';
    if (issue.code === 'unrecognized_keys') {
      return `${key === '(the file)' ? '' : `${key}: `}unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return `${key}: missing; expected ${issue.message.startsWith('Invalid') ? issue.expected : issue.message}`;
    }
    return `${key}: expected ${issue.message}`;
  });
  throw new ConfigError(
    'INVALID_CONFIG',
    `The configuration is invalid:\n- ${problems.join('\n- ')}`,
    problems,
  );
}
