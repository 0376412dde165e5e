/**
 * The clinic database from the command line (`npm run clinic -- …`), run by clinic IT with a
 * superuser URL (plain on this machine; elsewhere with --ca/--cert/--key, see connect.ts):
 *
 *   init --url URL                     create or migrate the clinic schema, roles and functions (idempotent)
 *   new-key --out FILE                 a new clinic data key (kept by IT, never by the server)
 *   add-desk --url URL --name NAME [--out FILE] [--desk-host HOST] [--clinic-key FILE [--passphrase-file F]]
 *                                      the desk's login role with a random password, registered; its
 *                                      provisioning file (0600, never overwritten) for the desk's setup,
 *                                      with the clinic key wrapped under a passphrase when given
 *   revoke-desk --url URL --name NAME  NOLOGIN, the revoked flag, and its open sessions ended
 *   verify --url URL                   every desk's chain at the clinic; a line per desk; exit 1 on a
 *                                      gap, fork or rollback
 *   report --url URL [--from D --to D] [--time-zone Z] [--budget-hours N --budget-decisions N]
 *                                      the anti-fraud report over every desk (whole days in the zone,
 *                                      the last 30 by default): a line per operator, a line per desk
 *                                      past its offline budget, last one JSON object; exit 1 when an
 *                                      operator or a desk is flagged
 *
 * Exit codes: 0 done, 1 verify found a bad chain or report flagged something, 2 bad usage or the
 * command failed.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ClinicError } from '../src/shared/clinic-errors.ts';
import { TanuError } from '../src/shared/errors.ts';
import {
  clinicClientConfig,
  connectClinic,
  isLoopbackHost,
  type ClinicTls,
} from '../src/core/clinic/connect.ts';
import { addDesk, DESK_NAME, revokeDesk } from '../src/core/clinic/desks.ts';
import { createClinicKeyFile, wrapClinicKey, type WrappedClinicKey } from '../src/core/clinic/clinic-key.ts';
import type pg from 'pg';
import { readKeyFile } from '../src/core/crypto/key-file.ts';
import { promptPassphrase } from './prompt-passphrase.ts';
import { migrateClinic } from '../src/core/clinic/migrate.ts';
import { verifyClinic } from '../src/core/clinic/verify.ts';
import { clinicDaysPeriod } from '../src/core/audit/fraud-report.ts';
import { clinicFraudReport } from '../src/core/clinic/clinic-fraud-report.ts';
import { ClinicDeskApi } from '../src/core/clinic/desk-api.ts';
import { clinicDate } from '../src/core/clinic-time.ts';
import { clinicConfigSchema, DEFAULT_OFFLINE_BUDGET } from '../src/core/config/clinic-config.ts';
import { isTimeZone } from '../src/core/config/kiosk-config.ts';
import { DEFAULT_REPORT_DAYS } from '../src/shared/ipc/admin-channels.ts';
import { isoDate } from '../src/shared/ipc/common-schemas.ts';
import { clinicReportLines } from './clinic-report.ts';

const USAGE = `usage: npm run clinic -- <command> --url postgres://USER:PASSWORD@HOST:PORT/DATABASE [options]
  init          create or migrate the clinic schema (idempotent)
  new-key       --out FILE (no --url)      a new clinic data key file (0600; never overwritten)
  add-desk      --name NAME [--out FILE] [--desk-host HOST] [--clinic-key FILE [--passphrase-file FILE]]
                a desk's role and its provisioning file (default desk-NAME.json); HOST: the
                server's name as desks reach it (default: the URL's host); with --clinic-key the
                file carries the clinic data key wrapped under a passphrase (typed, or the first
                line of --passphrase-file), to be told to the desk's installer separately
  revoke-desk   --name NAME                the desk is refused from now on
  verify        walk every desk's chain; exit 1 on a gap, fork or rollback
  report        [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--time-zone ZONE]
                [--budget-hours N] [--budget-decisions N]
                the anti-fraud report over every desk: a line per doctor (FLAGGED when far above
                the clinic's code-or-override share), a line per desk past its offline budget
                (default ${DEFAULT_OFFLINE_BUDGET.hours} h or ${DEFAULT_OFFLINE_BUDGET.decisions} decisions), last one JSON object; whole days in ZONE
                (default: this machine's), the last ${DEFAULT_REPORT_DAYS} days unless told; exit 1 when
                anything is flagged
options: --ca FILE --cert FILE --key FILE   TLS to a server that is not on this machine (verify-full)
         --help                             this text`;

const url = z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL');
const name = z.string().regex(DESK_NAME, 'a desk name: a letter, then letters, digits, - or _ (up to 32)');
const tls = { ca: z.string().optional(), cert: z.string().optional(), key: z.string().optional() };
const argsSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('init'), url, ...tls }).strict(),
  z.object({ command: z.literal('new-key'), out: z.string().min(1) }).strict(),
  z
    .object({
      command: z.literal('add-desk'),
      url,
      name,
      out: z.string().optional(),
      'desk-host': z.string().min(1).optional(),
      'clinic-key': z.string().min(1).optional(),
      'passphrase-file': z.string().min(1).optional(),
      ...tls,
    })
    .strict(),
  z.object({ command: z.literal('revoke-desk'), url, name, ...tls }).strict(),
  z.object({ command: z.literal('verify'), url, ...tls }).strict(),
  z
    .object({
      command: z.literal('report'),
      url,
      from: isoDate.optional(),
      to: isoDate.optional(),
      'time-zone': z
        .string()
        .refine(isTimeZone, 'an IANA time zone such as "Asia/Almaty"')
        .default(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
      'budget-hours': wholeNumber(clinicConfigSchema.shape.offlineBudget.unwrap().shape.hours).optional(),
      'budget-decisions': wholeNumber(
        clinicConfigSchema.shape.offlineBudget.unwrap().shape.decisions,
      ).optional(),
      ...tls,
    })
    .strict()
    .refine((a) => a.from === undefined || a.to === undefined || a.from <= a.to, {
      message: '--from must be on or before --to',
      path: ['from'],
    }),
]);
type Args = z.output<typeof argsSchema>;

/** A number typed on the command line, held to the configuration's own limits. */
function wholeNumber(limits: z.ZodNumber) {
  return z.string().regex(/^\d+$/, 'a whole number').transform(Number).pipe(limits);
}

/** The date `days` before `date` (both YYYY-MM-DD). */
function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

function parse(): Args {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        name: { type: 'string' },
        out: { type: 'string' },
        'desk-host': { type: 'string' },
        'clinic-key': { type: 'string' },
        'passphrase-file': { type: 'string' },
        ca: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'time-zone': { type: 'string' },
        'budget-hours': { type: 'string' },
        'budget-decisions': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) fail(USAGE, 2);
  const { help: _help, ...rest } = values;
  const args = argsSchema.safeParse({ command: positionals[0], ...rest });
  if (!args.success) {
    const problems = args.error.issues.map(
      (issue) => `${issue.path.join('.') || 'command'}: ${issue.message}`,
    );
    fail(`${new ClinicError('CLINIC_INVALID_ARGUMENTS', problems.join('; ')).message}\n${USAGE}`, 2);
  }
  return args.data;
}

type ServerArgs = Exclude<Args, { command: 'new-key' }>;
type AddDeskArgs = Extract<Args, { command: 'add-desk' }>;

function readTls(args: ServerArgs): ClinicTls | undefined {
  if (!args.ca && !args.cert && !args.key) return undefined;
  if (!args.ca || !args.cert || !args.key) fail('--ca, --cert and --key go together', 2);
  return { ca: readFileSync(args.ca), cert: readFileSync(args.cert), key: readFileSync(args.key) };
}

/** The clinic key wrapped for this desk, asked for before anything is created at the clinic. */
async function wrappedKeyFor(args: AddDeskArgs): Promise<WrappedClinicKey | undefined> {
  if (args['clinic-key'] === undefined) return undefined;
  const key = readKeyFile(args['clinic-key']);
  const passphraseFile = args['passphrase-file'];
  // The first line: an editor's final newline is not part of the passphrase.
  const passphrase =
    passphraseFile !== undefined
      ? (readFileSync(passphraseFile, 'utf8').split(/\r?\n/)[0] ?? '')
      : await promptPassphrase('Passphrase for the clinic key in the provisioning file: ');
  try {
    return wrapClinicKey(key, passphrase, args.name);
  } finally {
    key.fill(0);
  }
}

async function provisionDesk(client: pg.Client, args: AddDeskArgs, tlsFiles?: ClinicTls): Promise<void> {
  const clinicKey = await wrappedKeyFor(args);
  const server = clinicClientConfig(args.url, tlsFiles);
  const out = args.out ?? `desk-${args.name}.json`;
  // Claimed first ('wx', 0600): an existing file (another desk's password) is never overwritten,
  // and no role is made for a file that cannot be written.
  const fd = openSync(out, 'wx', 0o600);
  try {
    const desk = await addDesk(client, args.name);
    // The admin may run this on the server itself (127.0.0.1); desks reach it by its network name.
    const host = args['desk-host'] ?? (server.host as string);
    const provisioning = {
      format: 'tanu-clinic-desk/1',
      desk: desk.name,
      role: desk.role,
      password: desk.password,
      clinic: { host, port: server.port, database: server.database },
      // The desk refuses a plain connection to a host that is not its own (connect.ts).
      tlsRequired: !isLoopbackHost(host),
      ...(clinicKey ? { clinicKey } : {}),
    };
    writeSync(fd, `${JSON.stringify(provisioning, null, 2)}\n`);
    console.log(
      `ok: desk ${desk.name} (role ${desk.role}); provisioning file ${out} (0600${clinicKey ? ', clinic key wrapped' : ''}): hand it over, then delete it`,
    );
  } catch (error) {
    closeSync(fd);
    unlinkSync(out);
    throw error;
  }
  closeSync(fd);
}

async function run(args: Args): Promise<number> {
  if (args.command === 'new-key') {
    createClinicKeyFile(args.out);
    console.log(
      `ok: clinic data key in ${args.out} (0600): keep it off the server, with the clinic's backups`,
    );
    return 0;
  }
  const tlsFiles = readTls(args);
  const client = await connectClinic(args.url, tlsFiles);
  try {
    switch (args.command) {
      case 'init': {
        const { from, to } = await migrateClinic(client);
        console.log(
          from === to
            ? `ok: clinic schema at version ${to}, nothing to do`
            : `ok: clinic schema ${from} → ${to}`,
        );
        return 0;
      }
      case 'add-desk':
        await provisionDesk(client, args, tlsFiles);
        return 0;
      case 'revoke-desk':
        await revokeDesk(client, args.name);
        console.log(`ok: desk ${args.name} revoked`);
        return 0;
      case 'verify': {
        const verdicts = await verifyClinic(client);
        for (const v of verdicts) {
          const state = v.problem ? `BAD ${v.problem.toUpperCase()}` : 'ok';
          const head = v.head ? `head ${v.head.seq}:${v.head.hash}` : 'no head';
          const acked = v.acked === null ? 'none acknowledged' : `acknowledged ${v.acked}`;
          console.log(`${state} ${v.desk}${v.revoked ? ' (revoked)' : ''}: ${v.message}; ${head}; ${acked}`);
        }
        const bad = verdicts.filter((v) => v.problem).length;
        console.log(`${verdicts.length} desks, ${bad} bad`);
        return bad > 0 ? 1 : 0;
      }
      case 'report': {
        const timeZone = args['time-zone'];
        const to = args.to ?? clinicDate(new Date(), timeZone);
        const from = args.from ?? daysBefore(to, DEFAULT_REPORT_DAYS - 1);
        if (from > to) fail(`--from ${from} is after --to ${to}\n${USAGE}`, 2);
        const budget = {
          hours: args['budget-hours'] ?? DEFAULT_OFFLINE_BUDGET.hours,
          decisions: args['budget-decisions'] ?? DEFAULT_OFFLINE_BUDGET.decisions,
        };
        const report = await clinicFraudReport(
          new ClinicDeskApi(client),
          clinicDaysPeriod(from, to, timeZone),
          budget,
        );
        const { lines, flagged } = clinicReportLines(report, { from, to, timeZone }, budget);
        for (const line of lines) console.log(line);
        return flagged ? 1 : 0;
      }
    }
  } finally {
    await client.end();
  }
}

const args = parse();
run(args).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = error instanceof TanuError ? (error.code as string) : 'CLINIC_FAILED';
    fail(`clinic ${args.command} failed (${code}): ${(error as Error).message}`, 2);
  },
);
