/**
 * The clinic database from the command line (`npm run clinic -- …`), run by clinic IT with a
 * superuser URL (plain on this machine; elsewhere with --ca/--cert/--key, see connect.ts):
 *
 *   init --url URL                     create or migrate the clinic schema, roles and functions (idempotent)
 *   add-desk --url URL --name NAME [--out FILE] [--desk-host HOST]
 *                                      the desk's login role with a random password, registered; its
 *                                      provisioning file (0600, never overwritten) for the desk's setup
 *   revoke-desk --url URL --name NAME  NOLOGIN, the revoked flag, and its open sessions ended
 *   verify --url URL                   every desk's chain at the clinic; a line per desk; exit 1 on a
 *                                      gap, fork or rollback
 *
 * Exit codes: 0 done, 1 verify found a bad chain, 2 bad usage or the command failed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ClinicError } from '../src/shared/clinic-errors.ts';
import {
  clinicClientConfig,
  connectClinic,
  isLoopbackHost,
  type ClinicTls,
} from '../src/core/clinic/connect.ts';
import { addDesk, DESK_NAME, revokeDesk } from '../src/core/clinic/desks.ts';
import { migrateClinic } from '../src/core/clinic/migrate.ts';
import { verifyClinic } from '../src/core/clinic/verify.ts';

const USAGE = `usage: npm run clinic -- <command> --url postgres://USER:PASSWORD@HOST:PORT/DATABASE [options]
  init          create or migrate the clinic schema (idempotent)
  add-desk      --name NAME [--out FILE] [--desk-host HOST]
                a desk's role and its provisioning file (default desk-NAME.json); HOST: the
                server's name as desks reach it (default: the URL's host)
  revoke-desk   --name NAME                the desk is refused from now on
  verify        walk every desk's chain; exit 1 on a gap, fork or rollback
options: --ca FILE --cert FILE --key FILE   TLS to a server that is not on this machine (verify-full)
         --help                             this text`;

const url = z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL');
const name = z.string().regex(DESK_NAME, 'a desk name: a letter, then letters, digits, - or _ (up to 32)');
const tls = { ca: z.string().optional(), cert: z.string().optional(), key: z.string().optional() };
const argsSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('init'), url, ...tls }).strict(),
  z
    .object({
      command: z.literal('add-desk'),
      url,
      name,
      out: z.string().optional(),
      'desk-host': z.string().min(1).optional(),
      ...tls,
    })
    .strict(),
  z.object({ command: z.literal('revoke-desk'), url, name, ...tls }).strict(),
  z.object({ command: z.literal('verify'), url, ...tls }).strict(),
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
        ca: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
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

function readTls(args: Args): ClinicTls | undefined {
  if (!args.ca && !args.cert && !args.key) return undefined;
  if (!args.ca || !args.cert || !args.key) fail('--ca, --cert and --key go together', 2);
  return { ca: readFileSync(args.ca), cert: readFileSync(args.cert), key: readFileSync(args.key) };
}

async function run(args: Args): Promise<number> {
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
      case 'add-desk': {
        const desk = await addDesk(client, args.name);
        const server = clinicClientConfig(args.url, tlsFiles);
        const out = args.out ?? `desk-${desk.name}.json`;
        // The admin may run this on the server itself (127.0.0.1); desks reach it by its network name.
        const host = args['desk-host'] ?? (server.host as string);
        // TODO(issue 15): the clinic data key goes here too, wrapped like a desk-transfer file.
        const provisioning = {
          format: 'tanu-clinic-desk/1',
          desk: desk.name,
          role: desk.role,
          password: desk.password,
          clinic: { host, port: server.port, database: server.database },
          // The desk refuses a plain connection to a host that is not its own (connect.ts).
          tlsRequired: !isLoopbackHost(host),
        };
        // 'wx': an existing file (another desk's password) is never overwritten.
        writeFileSync(out, `${JSON.stringify(provisioning, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
        console.log(
          `ok: desk ${desk.name} (role ${desk.role}); provisioning file ${out} (0600): hand it over, then delete it`,
        );
        return 0;
      }
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
    }
  } finally {
    await client.end();
  }
}

const args = parse();
run(args).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = error instanceof ClinicError ? error.code : 'CLINIC_FAILED';
    fail(`clinic ${args.command} failed (${code}): ${(error as Error).message}`, 2);
  },
);
