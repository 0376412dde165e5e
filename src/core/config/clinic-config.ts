/**
 * The clinic database a desk shares, as its configuration names it. What the admin's
 * `clinic add-desk` provisioning file gives (docs/CLINIC-PROTOCOL.md) is copied here, except the
 * password and the desk's TLS key, which go to the sealed secret store under `credentialsRef` and
 * `tls.keyRef`.
 */
import { z } from 'zod';

/** How long, and how much, a desk may hold unacknowledged before every screen says so. */
export const DEFAULT_OFFLINE_BUDGET = { hours: 24, decisions: 500 } as const;

const secretName = (example: string) =>
  z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, { message: `a secret name such as ${example}` });

export const clinicConfigSchema = z
  .object({
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65_535).default(5432),
    database: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/, { message: 'a database name' }),
    /** The desk's login role at the clinic (`tanu_desk_<desk id>`: the desk's name there is its desk id). */
    role: z.string().regex(/^tanu_desk_/, { message: 'the role add-desk made, "tanu_desk_…"' }),
    credentialsRef: secretName('"clinic"'),
    /**
     * PEM files of the clinic's CA and this desk's certificate, and its private key: a PEM file IT
     * installed (`key`), or the sealed secret a join from a provisioning file stored it under
     * (`keyRef`), never both. Required for a host that is not loopback.
     */
    tls: z
      .object({
        ca: z.string().min(1),
        cert: z.string().min(1),
        key: z.string().min(1).optional(),
        keyRef: secretName('"clinic-tls-key"').optional(),
      })
      .strict()
      .refine((tls) => (tls.key === undefined) !== (tls.keyRef === undefined), {
        message: "the desk's key as a PEM file (key) or a stored secret (keyRef), one of the two",
      })
      .nullable(),
    offlineBudget: z
      .object({
        hours: z
          .number()
          .int()
          .min(1)
          .max(24 * 30),
        decisions: z.number().int().min(1).max(100_000),
      })
      .strict()
      .default(() => ({ ...DEFAULT_OFFLINE_BUDGET })),
  })
  .strict();

export type ClinicConfig = z.output<typeof clinicConfigSchema>;

/** The budget a desk works to: its configured one, or the default when it names no clinic. */
export function offlineBudgetOf(clinic: ClinicConfig | null | undefined): {
  hours: number;
  decisions: number;
} {
  return clinic?.offlineBudget ?? DEFAULT_OFFLINE_BUDGET;
}
