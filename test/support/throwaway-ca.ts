/**
 * A throwaway certificate authority made with the openssl command, for tests of the clinic's TLS
 * path: the CA, a server certificate for "localhost" only (so connecting by 127.0.0.1 must fail
 * verify-full), and client certificates whose CN is a desk's role name.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CaFiles {
  dir: string;
  caCert: string;
  caKey: string;
}

export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeCa(dir: string, name = 'tanu-test-ca'): CaFiles {
  const caCert = join(dir, `${name}.crt`);
  const caKey = join(dir, `${name}.key`);
  openssl(['req', '-x509', ...EC, '-keyout', caKey, '-out', caCert, '-days', '2', '-subj', `/CN=${name}`]);
  return { dir, caCert, caKey };
}

/** A certificate signed by `ca` for `commonName`, with the given subjectAltName (if any). */
export function issue(
  ca: CaFiles,
  file: string,
  commonName: string,
  altName?: string,
): { cert: string; key: string } {
  const base = join(ca.dir, file);
  openssl(['req', ...EC, '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${commonName}`]);
  const args = [
    'x509',
    '-req',
    '-in',
    `${base}.csr`,
    '-CA',
    ca.caCert,
    '-CAkey',
    ca.caKey,
    '-CAcreateserial',
  ];
  if (altName) {
    writeFileSync(`${base}.ext`, `subjectAltName=${altName}\n`);
    args.push('-extfile', `${base}.ext`);
  }
  openssl([...args, '-out', `${base}.crt`, '-days', '2']);
  return { cert: `${base}.crt`, key: `${base}.key` };
}
