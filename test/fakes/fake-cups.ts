/**
 * A stand-in CUPS scheduler on a Unix socket in a temporary folder, speaking the four IPP
 * operations the slip printer uses, with the codec the printer uses. Each job walks through a
 * scripted list of states, one per Get-Job-Attributes (the last one repeats), and is removed by a
 * Cancel-Job with purge-job, as cupsd does. It records every request and every document received.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { IppMessage } from 'ipp-encoder';
import { IPP_WIRE, JOB_STATES, type JobState } from '../../src/main/printing/cups-ipp.ts';

const { codec, OP, TAG, NOT_FOUND } = IPP_WIRE;
const STATE_ENUM = new Map(Object.entries(JOB_STATES).map(([n, name]) => [name, Number(n)]));

export interface FakeJob {
  id: number;
  name: string;
  owner: string;
  document: Buffer;
  states: JobState[];
  polls: number;
  /** The state it was in when a Cancel-Job with purge-job removed it. */
  purgedIn?: JobState;
}

export interface RecordedIppRequest {
  operation: number;
  attributes: Record<string, unknown[]>;
  authorization: string | undefined;
}

export interface FakeCups {
  socketPath: string;
  /** Null: no default destination (CUPS-Get-Default answers not-found). */
  defaultPrinter: string | null;
  /** The states the next job will report. */
  script: JobState[];
  /** Answer 401 to requests without a PeerCred authorization, as cupsd does when a policy needs it. */
  requireAuth: boolean;
  /** Forget a job once it reported its last state (cupsd with PreserveJobHistory No). */
  forgetAfterScript: boolean;
  /** Refuse Cancel-Job (IPP forbidden). */
  refusePurge: boolean;
  jobs: Map<number, FakeJob>;
  purged: FakeJob[];
  requests: RecordedIppRequest[];
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(requestId: number, statusCode: number, groups: IppMessage['groups'] = []): Buffer {
  return codec.response.encode({
    version: { major: 1, minor: 1 },
    statusCode,
    requestId,
    groups: [
      {
        tag: TAG.operation,
        attributes: [
          { tag: TAG.charset, name: 'attributes-charset', value: ['utf-8'] },
          { tag: TAG.language, name: 'attributes-natural-language', value: ['en'] },
        ],
      },
      ...groups,
    ],
  });
}

const jobIdOf = (uri: unknown) => Number(/\/jobs\/(\d+)$/.exec(String(uri))?.[1] ?? NaN);

export async function startFakeCups(dir: string): Promise<FakeCups> {
  const socketPath = join(dir, 'cups.sock');
  let nextJob = 40;
  const server = createServer((req, res) => {
    void body(req).then((raw) => {
      const authorization = req.headers.authorization;
      const reply = (status: number, content: Buffer = Buffer.alloc(0)) => {
        res.writeHead(status, { 'content-type': 'application/ipp' });
        res.end(content);
      };
      if (fake.requireAuth && authorization?.startsWith('PeerCred ') !== true) return reply(401);
      const message = codec.request.decode(raw);
      const headerBytes = (codec.request.decode as unknown as { bytes: number }).bytes;
      const attributes: Record<string, unknown[]> = {};
      for (const group of message.groups) for (const a of group.attributes) attributes[a.name] = a.value;
      const operation = message.operationId ?? -1;
      fake.requests.push({ operation, attributes, authorization });
      const id = message.requestId;
      switch (operation) {
        case OP.cupsGetDefault:
          if (fake.defaultPrinter === null) return reply(200, answer(id, NOT_FOUND));
          return reply(
            200,
            answer(id, 0, [
              {
                tag: TAG.printer,
                attributes: [{ tag: TAG.name, name: 'printer-name', value: [fake.defaultPrinter] }],
              },
            ]),
          );
        case OP.printJob: {
          const job: FakeJob = {
            id: nextJob++,
            name: String(attributes['job-name']?.[0]),
            owner: String(attributes['requesting-user-name']?.[0]),
            document: raw.subarray(headerBytes),
            states: [...fake.script],
            polls: 0,
          };
          fake.jobs.set(job.id, job);
          return reply(
            200,
            answer(id, 0, [
              { tag: TAG.job, attributes: [{ tag: TAG.integer, name: 'job-id', value: [job.id] }] },
            ]),
          );
        }
        case OP.getJobAttributes: {
          const job = fake.jobs.get(jobIdOf(attributes['job-uri']?.[0]));
          if (job === undefined) return reply(200, answer(id, NOT_FOUND));
          const state = job.states[Math.min(job.polls, job.states.length - 1)] ?? 'pending';
          job.polls += 1;
          if (fake.forgetAfterScript && job.polls >= job.states.length) fake.jobs.delete(job.id);
          return reply(
            200,
            answer(id, 0, [
              {
                tag: TAG.job,
                attributes: [{ tag: TAG.enum, name: 'job-state', value: [STATE_ENUM.get(state) ?? 0] }],
              },
            ]),
          );
        }
        case OP.cancelJob: {
          if (fake.refusePurge) return reply(200, answer(id, 0x0401));
          const job = fake.jobs.get(jobIdOf(attributes['job-uri']?.[0]));
          if (job === undefined) return reply(200, answer(id, NOT_FOUND));
          if (attributes['purge-job']?.[0] === true) {
            job.purgedIn = job.states[Math.min(Math.max(job.polls - 1, 0), job.states.length - 1)];
            fake.jobs.delete(job.id);
            fake.purged.push(job);
          }
          return reply(200, answer(id, 0));
        }
        default:
          return reply(200, answer(id, 0x0501));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const fake: FakeCups = {
    socketPath,
    defaultPrinter: 'desk',
    script: ['pending', 'processing', 'completed'],
    requireAuth: false,
    forgetAfterScript: false,
    refusePurge: false,
    jobs: new Map(),
    purged: [],
    requests: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}
