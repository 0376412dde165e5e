/**
 * The four IPP operations the slip printer needs, sent to the local CUPS scheduler over its domain
 * socket. IPP and not `lp`/`lpstat`/`cancel`: lpstat prints no job state (a completed, a cancelled
 * and an aborted job all read "processing-to-stop-point" in CUPS 2.4), and `cancel -x <job>` sends
 * "purge-jobs" where Cancel-Job reads "purge-job", so before CUPS 2.4.8 (Debian 12 ships 2.4.2) it
 * purges nothing (OpenPrinting/cups#742). Over the socket the scheduler knows our account from the
 * socket's peer credentials when it asks (cupsd's "PeerCred", on by default), as CUPS' own clients
 * do, which is what lets us cancel and purge our own job without a password.
 */
import { request } from 'node:http';
import ipp, { type IppAttribute, type IppMessage } from 'ipp-encoder';

const OP = {
  printJob: 0x0002,
  cancelJob: 0x0008,
  getJobAttributes: 0x0009,
  cupsGetDefault: 0x4001,
} as const;
const TAG = {
  operation: 0x01,
  job: 0x02,
  printer: 0x04,
  integer: 0x21,
  boolean: 0x22,
  enum: 0x23,
  name: 0x42,
  keyword: 0x44,
  uri: 0x45,
  charset: 0x47,
  language: 0x48,
  mimeType: 0x49,
} as const;
const NOT_FOUND = 0x0406;

/** RFC 8011 job-state values. */
export const JOB_STATES = {
  3: 'pending',
  4: 'pending-held',
  5: 'processing',
  6: 'processing-stopped',
  7: 'canceled',
  8: 'aborted',
  9: 'completed',
} as const;
export type JobState = (typeof JOB_STATES)[keyof typeof JOB_STATES];

export interface CupsConnection {
  /** The scheduler's domain socket. */
  socketPath: string;
  /** This account's name: the socket's peer credentials must match it. */
  user: string;
  /** Per request. */
  timeoutMs: number;
}

/** Debian's and Ubuntu's socket, unless CUPS_SERVER names another (a path, as CUPS' own clients read it). */
export function cupsSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  const server = env['CUPS_SERVER'];
  return server !== undefined && server.startsWith('/') ? server : '/run/cups/cups.sock';
}

/** The scheduler could not be reached, or answered something that is not IPP. */
export class CupsUnreachable extends Error {
  override readonly name = 'CupsUnreachable';
}

/** The scheduler answered with an IPP error status. */
export class CupsRefused extends Error {
  override readonly name = 'CupsRefused';
  readonly status: number;
  constructor(operation: string, status: number) {
    super(`${operation}: IPP status 0x${status.toString(16).padStart(4, '0')}`);
    this.status = status;
  }
}

let nextRequestId = 1;

function operationAttributes(conn: CupsConnection, attributes: IppAttribute[]): IppAttribute[] {
  return [
    { tag: TAG.charset, name: 'attributes-charset', value: ['utf-8'] },
    { tag: TAG.language, name: 'attributes-natural-language', value: ['en'] },
    ...attributes,
    { tag: TAG.name, name: 'requesting-user-name', value: [conn.user] },
  ];
}

interface HttpAnswer {
  status: number;
  body: Buffer;
}

function post(
  conn: CupsConnection,
  operation: string,
  header: Buffer,
  document: Uint8Array | undefined,
  peerCred: boolean,
): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = request(
      {
        socketPath: conn.socketPath,
        path: '/',
        method: 'POST',
        timeout: conn.timeoutMs,
        headers: {
          host: 'localhost',
          'content-type': 'application/ipp',
          'content-length': header.length + (document?.length ?? 0),
          // The scheduler checks this name against the socket's peer uid.
          ...(peerCred ? { authorization: `PeerCred ${conn.user}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new CupsUnreachable(`${operation}: no answer in ${conn.timeoutMs} ms`)),
    );
    req.on('error', (error) =>
      reject(
        error instanceof CupsUnreachable ? error : new CupsUnreachable(`${operation}: ${error.message}`),
      ),
    );
    req.write(header);
    if (document !== undefined) req.write(document);
    req.end();
  });
}

/**
 * One request. `document` follows the IPP header in the same HTTP body, written straight to the
 * socket from the caller's buffer: no copy of it is made here and none is written anywhere.
 */
async function send(
  conn: CupsConnection,
  operation: keyof typeof OP,
  attributes: IppAttribute[],
  document?: Uint8Array,
): Promise<IppMessage> {
  const header = ipp.request.encode({
    version: { major: 1, minor: 1 },
    operationId: OP[operation],
    requestId: nextRequestId++,
    groups: [{ tag: TAG.operation, attributes: operationAttributes(conn, attributes) }],
  });
  let answer = await post(conn, operation, header, document, false);
  if (answer.status === 401) answer = await post(conn, operation, header, document, true);
  if (answer.status !== 200) throw new CupsUnreachable(`${operation}: HTTP ${answer.status}`);
  let response: IppMessage;
  try {
    response = ipp.response.decode(answer.body);
  } catch {
    throw new CupsUnreachable(`${operation}: the answer is not IPP`);
  }
  const status = response.statusCode ?? -1;
  // 0x0000–0x00ff are the successful-ok statuses (some with ignored attributes).
  if (status < 0 || status > 0x00ff) throw new CupsRefused(operation, status);
  return response;
}

function attribute(message: IppMessage, groupTag: number, name: string): unknown {
  for (const group of message.groups) {
    if (group.tag !== groupTag) continue;
    const found = group.attributes.find((a) => a.name === name);
    if (found !== undefined) return found.value[0];
  }
  return undefined;
}

const jobUri = (jobId: number) => `ipp://localhost/jobs/${jobId}`;

/** The server's default destination as a printer URI, or null when none is set. */
export async function defaultPrinterUri(conn: CupsConnection): Promise<string | null> {
  try {
    const answer = await send(conn, 'cupsGetDefault', [
      { tag: TAG.keyword, name: 'requested-attributes', value: ['printer-name'] },
    ]);
    const name = attribute(answer, TAG.printer, 'printer-name');
    return typeof name === 'string' && name !== ''
      ? `ipp://localhost/printers/${encodeURIComponent(name)}`
      : null;
  } catch (error) {
    if (error instanceof CupsRefused && error.status === NOT_FOUND) return null;
    throw error;
  }
}

/** Print-Job with the PDF as the document; the job's id. The job name is fixed: no patient data. */
export async function submitPdf(
  conn: CupsConnection,
  printerUri: string,
  jobName: string,
  pdf: Uint8Array,
): Promise<number> {
  const answer = await send(
    conn,
    'printJob',
    [
      { tag: TAG.uri, name: 'printer-uri', value: [printerUri] },
      { tag: TAG.name, name: 'job-name', value: [jobName] },
      { tag: TAG.mimeType, name: 'document-format', value: ['application/pdf'] },
    ],
    pdf,
  );
  const id = attribute(answer, TAG.job, 'job-id');
  if (typeof id !== 'number') throw new CupsUnreachable('printJob: no job-id in the answer');
  return id;
}

/** The job's state, or null when the scheduler no longer knows the job. */
export async function jobState(conn: CupsConnection, jobId: number): Promise<JobState | null> {
  try {
    const answer = await send(conn, 'getJobAttributes', [
      { tag: TAG.uri, name: 'job-uri', value: [jobUri(jobId)] },
      { tag: TAG.keyword, name: 'requested-attributes', value: ['job-state'] },
    ]);
    const state = attribute(answer, TAG.job, 'job-state');
    const name = typeof state === 'number' ? JOB_STATES[state as keyof typeof JOB_STATES] : undefined;
    if (name === undefined) throw new CupsUnreachable('getJobAttributes: no job-state in the answer');
    return name;
  } catch (error) {
    if (error instanceof CupsRefused && error.status === NOT_FOUND) return null;
    throw error;
  }
}

/**
 * Cancel-Job with purge-job: a job still pending or printing is cancelled, and in every state the
 * scheduler deletes its document files and its record at once (scheduler/ipp.c cancel_job, which
 * allows purging a completed job). true: purged; false: the job was already gone.
 */
export async function purgeJob(conn: CupsConnection, jobId: number): Promise<boolean> {
  try {
    await send(conn, 'cancelJob', [
      { tag: TAG.uri, name: 'job-uri', value: [jobUri(jobId)] },
      { tag: TAG.boolean, name: 'purge-job', value: [true] },
    ]);
    return true;
  } catch (error) {
    if (error instanceof CupsRefused && error.status === NOT_FOUND) return false;
    throw error;
  }
}

/** For the stand-in scheduler in the tests: the same codec and tags. */
export const IPP_WIRE = { codec: ipp, OP, TAG, NOT_FOUND } as const;
