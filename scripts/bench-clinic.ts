/**
 * The clinic database under load (`npm run bench:clinic -- --url URL --desks 50 --decisions 5000
 * --registry 100000`), given a superuser URL of a clinic database (plain, on this machine):
 *
 *   1. the schema is created or migrated, as `clinic init` does (migrateClinic);
 *   2. DESKS desks, each its own login role (addDesk), push DECISIONS visits between them at once,
 *      each push a visit's chained audit rows with its decision and visit (bench-clinic-push.ts):
 *      decisions acknowledged per second, and each push's time to its acknowledgement;
 *   3. a loader desk puts REGISTRY patients with templates into the clinic, and a new desk with its
 *      own SQLite pulls them until it can identify any of them (bench-clinic-registry.ts).
 *
 * Human lines go to stderr; the last stdout line is one JSON object: desks, decisionsPerSec,
 * ackMs {p50, p95}, newDeskReadyMs, and the details behind them. The desks' roles stay behind at
 * the clinic (named bench-<random>-N): run it on a throwaway database.
 *
 * Exit codes: 0 measured (whether or not the targets are met), 2 bad usage or the run failed.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { deriveClinicKeys } from '../src/core/clinic-sync/clinic-seal.ts';
import { connectClinic } from '../src/core/clinic/connect.ts';
import { addDesk } from '../src/core/clinic/desks.ts';
import { migrateClinic } from '../src/core/clinic/migrate.ts';
import { deskUrl, openDesks, pushDecisions, quantile, ROWS_PER_DECISION } from './bench-clinic-push.ts';
import { benchClinicKey, loadRegistry, newDeskReady } from './bench-clinic-registry.ts';

const USAGE = `usage: npm run bench:clinic -- --url postgres://USER:PASSWORD@HOST:PORT/DATABASE
                                  [--desks N] [--decisions N] [--registry N] [--own-enrolments N]
  --url        a superuser URL of a clinic database on this machine (a throwaway one: the
               benchmark's desks and registry stay in it)
  --desks      desks pushing at once, each its own login role (default 50)
  --decisions  visits pushed between them, each 3 audit rows + decision + visit (default 5000)
  --registry   patients with a template a new desk pulls (default 100000)
  --own-enrolments  patients the new desk enrols and pushes itself before it pulls: each pulled
               template is checked against them for cross-desk duplicates (default 0)
  --help       this text
targets: >= 200 decisions/s, ack p95 <= 1 s, new desk ready <= 60 s`;

const TARGETS = { decisionsPerSec: 200, ackP95Ms: 1000, newDeskReadyMs: 60_000 };

const count = (max: number) => z.coerce.number().int().min(1).max(max);
const argsSchema = z
  .object({
    url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL'),
    desks: count(150).default(50),
    decisions: count(1_000_000).default(5000),
    registry: count(1_000_000).default(100_000),
    ownEnrolments: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict()
  .refine((a) => a.decisions >= a.desks, { message: 'at least one decision per desk', path: ['decisions'] });
type Args = z.output<typeof argsSchema>;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function parse(): Args {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: 'string' },
        desks: { type: 'string' },
        decisions: { type: 'string' },
        registry: { type: 'string' },
        'own-enrolments': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const { help: _help, 'own-enrolments': ownEnrolments, ...rest } = values;
  const args = argsSchema.safeParse({ ...rest, ...(ownEnrolments === undefined ? {} : { ownEnrolments }) });
  if (!args.success) {
    const problems = args.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
    fail(`bench:clinic: ${problems.join('; ')}\n${USAGE}`);
  }
  return args.data;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const say = (line: string) => console.error(line);
const verdict = (ok: boolean) => (ok ? 'target met' : 'TARGET MISSED');

async function run(args: Args): Promise<void> {
  const admin = await connectClinic(args.url);
  const prefix = `bench-${randomBytes(3).toString('hex')}`;
  const closing: { end(): Promise<void> }[] = [admin];
  try {
    const { from, to } = await migrateClinic(admin);
    say(from === to ? `clinic schema at version ${to}` : `clinic schema ${from} → ${to}`);

    say(
      `${args.desks} desks (${prefix}-1..${args.desks}), each its own role, pushing ${args.decisions} visits…`,
    );
    const desks = await openDesks(admin, args.url, prefix, args.desks);
    closing.push(...desks.map((d) => d.client));
    const pushed = await pushDecisions(desks, args.decisions);
    const decisionsPerSec = pushed.decisions / pushed.seconds;
    const ackMs = {
      p50: round(quantile(pushed.latencies, 0.5)),
      p95: round(quantile(pushed.latencies, 0.95)),
    };
    say(
      `  ${pushed.decisions} decisions (${pushed.auditRows} audit rows, ${pushed.decisions} visits) acknowledged in ${round(pushed.seconds, 2)} s: ${round(decisionsPerSec)} decisions/s (${verdict(decisionsPerSec >= TARGETS.decisionsPerSec)}: >= ${TARGETS.decisionsPerSec})`,
    );
    say(
      `  push to acknowledgement: p50 ${ackMs.p50} ms, p95 ${ackMs.p95} ms (${verdict(ackMs.p95 <= TARGETS.ackP95Ms)}: p95 <= ${TARGETS.ackP95Ms} ms)`,
    );
    await Promise.all(desks.map((d) => d.client.end()));
    closing.length = 1;

    const keys = deriveClinicKeys(benchClinicKey());
    const loaderDesk = await addDesk(admin, `${prefix}-loader`);
    const loader = await connectClinic(deskUrl(args.url, loaderDesk.role, loaderDesk.password));
    closing.push(loader);
    say(`loading ${args.registry} patients with templates through ${loaderDesk.name}…`);
    let reported = 0;
    const loadMs = await loadRegistry(loader, keys, args.registry, (done) => {
      if (done - reported >= 10_000 || done === args.registry) {
        reported = done;
        say(`  ${done} / ${args.registry}`);
      }
    });
    say(`  loaded in ${round(loadMs / 1000, 2)} s`);

    const newDesk = await addDesk(admin, `${prefix}-new`);
    const newClient = await connectClinic(deskUrl(args.url, newDesk.role, newDesk.password));
    closing.push(newClient);
    say(
      `a new desk (${newDesk.name}, its own SQLite, ${args.ownEnrolments} enrolments of its own) pulls the registry…`,
    );
    const ready = await newDeskReady(newClient, newDesk.name, keys, args.registry, args.ownEnrolments);
    say(
      `  ready in ${round(ready.readyMs / 1000, 2)} s: ${ready.applied} changes in ${ready.pages} pages, ${ready.issues} issues, ${ready.patientsAtDesk} patients at the desk (${verdict(ready.readyMs <= TARGETS.newDeskReadyMs)}: <= ${TARGETS.newDeskReadyMs / 1000} s)`,
    );
    if (ready.issues > 0 || ready.patientsAtDesk < args.registry) {
      throw new Error(
        `the new desk holds ${ready.patientsAtDesk} of ${args.registry} patients, ${ready.issues} issues`,
      );
    }

    const result = {
      desks: args.desks,
      decisions: pushed.decisions,
      auditRowsPerDecision: ROWS_PER_DECISION,
      decisionsPerSec: round(decisionsPerSec),
      ackMs,
      registry: args.registry,
      ownEnrolments: args.ownEnrolments,
      registryLoadMs: Math.round(loadMs),
      newDeskReadyMs: Math.round(ready.readyMs),
      targetsMet: {
        decisionsPerSec: decisionsPerSec >= TARGETS.decisionsPerSec,
        ackP95: ackMs.p95 <= TARGETS.ackP95Ms,
        newDeskReady: ready.readyMs <= TARGETS.newDeskReadyMs,
      },
    };
    console.log(JSON.stringify(result));
  } finally {
    await Promise.all(closing.map((c) => c.end().catch(() => undefined)));
  }
}

run(parse()).then(
  () => process.exit(0),
  (error: unknown) => fail(`bench:clinic failed: ${error instanceof Error ? error.message : String(error)}`),
);
