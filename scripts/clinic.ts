/**
 * The clinic database from the command line (`npm run clinic -- …`), run by clinic IT with a
 * superuser URL (plain on this machine; elsewhere with --ca/--cert/--key, see connect.ts):
 *
 *   init --url URL                     create or migrate the clinic schema, roles and functions (idempotent)
 *   new-key --out FILE                 a new clinic data key (kept by IT, never by the server)
 *   add-desk --url URL --name NAME [--out FILE] [--desk-host HOST] [--clinic-key FILE [--passphrase-file F]]
 *            [--server-ca FILE --desk-cert FILE --desk-key FILE]
 *                                      the desk's login role with a random password, registered; its
 *                                      provisioning file (0600, never overwritten) for the desk's setup,
 *                                      with the clinic key wrapped under a passphrase when given, and
 *                                      the desk's client certificate (required for a network host)
 *   revoke-desk --url URL --name NAME  NOLOGIN, the revoked flag, and its open sessions ended
 *   verify --url URL                   every desk's chain at the clinic; a line per desk; exit 1 on a
 *                                      gap, fork or rollback
 *   simulate --url URL --desks N --patients P --visits V --offline-seconds S
 *                                      a clinic in one run (clinic-simulate/simulation.ts); last line JSON
 *   report --url URL [--from D --to D] [--time-zone Z] [--budget-hours N --budget-decisions N]
 *                                      the anti-fraud report over every desk (clinic-report.ts): a line
 *                                      per operator, a line per desk past its offline budget, last
 *                                      line JSON
 *
 * Exit codes: 0 done, 1 verify found a bad chain (or simulate lost or duplicated a visit, or a chain
 * failed, or report flagged an operator or a desk), 2 bad usage or the command failed.
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
import { addDesk, DESK_NAME, deskRoleName, revokeDesk } from '../src/core/clinic/desks.ts';
import { checkDeskTls, type DeskTlsPem } from '../src/core/clinic/desk-certificate.ts';
import { createClinicKeyFile, wrapClinicKey, type WrappedClinicKey } from '../src/core/clinic/clinic-key.ts';
import type pg from 'pg';
import { readKeyFile } from '../src/core/crypto/key-file.ts';
import { passphraseFrom } from './prompt-passphrase.ts';
import { migrateClinic } from '../src/core/clinic/migrate.ts';
import { verifyClinic } from '../src/core/clinic/verify.ts';
import {
  runSimulate,
  SIMULATE_OPTIONS,
  simulateArgs,
  SIMULATE_USAGE,
} from './clinic-simulate/simulate-command.ts';
import { REPORT_OPTIONS, REPORT_USAGE, periodInOrder, reportArgs, runReport } from './clinic-report.ts';

const USAGE = `usage: npm run clinic -- <command> --url postgres://USER:PASSWORD@HOST:PORT/DATABASE [options]
  init          create or migrate the clinic schema (idempotent)
  new-key       --out FILE (no --url)      a new clinic data key file (0600; never overwritten)
  add-desk      --name NAME [--out FILE] [--desk-host HOST] [--clinic-key FILE [--passphrase-file FILE]]
                [--server-ca FILE --desk-cert FILE --desk-key FILE]
                a desk's role and its provisioning file (default desk-NAME.json); HOST: the
                server's name as desks reach it (default: the URL's host); with --clinic-key the
                file carries the clinic data key wrapped under a passphrase (typed, or the first
                line of --passphrase-file), to be told to the desk's installer separately;
                --server-ca/--desk-cert/--desk-key (PEM; required when HOST is not loopback): the
                clinic's CA and the desk's certificate (CN=tanu_desk_NAME) and key, into the file
  revoke-desk   --name NAME                the desk is refused from now on
  verify        walk every desk's chain; exit 1 on a gap, fork or rollback
${SIMULATE_USAGE}
${REPORT_USAGE}
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
      'server-ca': z.string().min(1).optional(),
      'desk-cert': z.string().min(1).optional(),
      'desk-key': z.string().min(1).optional(),
      ...tls,
    })
    .strict(),
  z.object({ command: z.literal('revoke-desk'), url, name, ...tls }).strict(),
  z.object({ command: z.literal('verify'), url, ...tls }).strict(),
  z.object({ command: z.literal('simulate'), url, ...simulateArgs }).strict(),
  z
    .object({ command: z.literal('report'), url, ...reportArgs, ...tls })
    .strict()
    .refine(periodInOrder, { message: '--from must be on or before --to', path: ['from'] }),
]);
type Args = z.output<typeof argsSchema>;

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
        'server-ca': { type: 'string' },
        'desk-cert': { type: 'string' },
        'desk-key': { type: 'string' },
        ca: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        ...SIMULATE_OPTIONS,
        ...REPORT_OPTIONS,
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

type ServerArgs = Exclude<Args, { command: 'new-key' | 'simulate' }>;
type AddDeskArgs = Extract<Args, { command: 'add-desk' }>;

function readTls(args: ServerArgs): ClinicTls | undefined {
  if (!args.ca && !args.cert && !args.key) return undefined;
  if (!args.ca || !args.cert || !args.key) fail('--ca, --cert and --key go together', 2);
  return { ca: readFileSync(args.ca), cert: readFileSync(args.cert), key: readFileSync(args.key) };
}

function readArgFile(option: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ClinicError(
      'CLINIC_INVALID_ARGUMENTS',
      `--${option} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

/**
 * The desk's TLS files for its provisioning file, checked against the role the desk will log in
 * as (desk-certificate.ts) before anything is created at the clinic; required for a desk host that
 * is not loopback, where the desk connects only with them.
 */
function deskTlsFor(args: AddDeskArgs, host: string): DeskTlsPem | undefined {
  const files = { ca: args['server-ca'], cert: args['desk-cert'], key: args['desk-key'] };
  if (files.ca === undefined && files.cert === undefined && files.key === undefined) {
    if (isLoopbackHost(host)) return undefined;
    throw new ClinicError(
      'CLINIC_TLS_REQUIRED',
      `desks reach ${host} only over TLS: give --server-ca, --desk-cert and --desk-key (docs/CLINIC-PROTOCOL.md)`,
    );
  }
  if (files.ca === undefined || files.cert === undefined || files.key === undefined) {
    throw new ClinicError('CLINIC_INVALID_ARGUMENTS', '--server-ca, --desk-cert and --desk-key go together');
  }
  const pem = {
    ca: readArgFile('server-ca', files.ca),
    cert: readArgFile('desk-cert', files.cert),
    key: readArgFile('desk-key', files.key),
  };
  checkDeskTls(pem, deskRoleName(args.name), new Date());
  return pem;
}

/** The clinic key wrapped for this desk, asked for before anything is created at the clinic. */
async function wrappedKeyFor(args: AddDeskArgs): Promise<WrappedClinicKey | undefined> {
  if (args['clinic-key'] === undefined) return undefined;
  const key = readKeyFile(args['clinic-key']);
  const passphrase = await passphraseFrom(
    args['passphrase-file'],
    'Passphrase for the clinic key in the provisioning file: ',
  );
  try {
    return wrapClinicKey(key, passphrase, args.name);
  } finally {
    key.fill(0);
  }
}

async function provisionDesk(client: pg.Client, args: AddDeskArgs, tlsFiles?: ClinicTls): Promise<void> {
  const server = clinicClientConfig(args.url, tlsFiles);
  // The admin may run this on the server itself (127.0.0.1); desks reach it by its network name.
  const host = args['desk-host'] ?? (server.host as string);
  const deskTls = deskTlsFor(args, host);
  const clinicKey = await wrappedKeyFor(args);
  const out = args.out ?? `desk-${args.name}.json`;
  // Claimed first ('wx', 0600): an existing file (another desk's password) is never overwritten,
  // and no role is made for a file that cannot be written.
  const fd = openSync(out, 'wx', 0o600);
  try {
    const desk = await addDesk(client, args.name);
    const provisioning = {
      format: 'tanu-clinic-desk/1',
      desk: desk.name,
      role: desk.role,
      password: desk.password,
      clinic: { host, port: server.port, database: server.database },
      // The desk refuses a plain connection to a host that is not its own (connect.ts).
      tlsRequired: !isLoopbackHost(host),
      ...(deskTls ? { tls: deskTls } : {}),
      ...(clinicKey ? { clinicKey } : {}),
    };
    writeSync(fd, `${JSON.stringify(provisioning, null, 2)}\n`);
    const extras = [...(clinicKey ? ['clinic key wrapped'] : []), ...(deskTls ? ['desk certificate'] : [])];
    console.log(
      `ok: desk ${desk.name} (role ${desk.role}); provisioning file ${out} (0600${extras.map((e) => `, ${e}`).join('')}): hand it over, then delete it`,
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
  if (args.command === 'simulate') return runSimulate(args);
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
      case 'report':
        return await runReport(client, args);
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
