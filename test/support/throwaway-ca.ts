/**
 * A throwaway certificate authority made with the openssl command, for tests of the clinic's TLS
 * path: the CA, a server certificate for "localhost" only (so connecting by 127.0.0.1 must fail
 * verify-full), client certificates whose CN is a desk's role name, and a revocation list. The
 * commands are the ones docs/CLINIC-PROTOCOL.md gives clinic IT.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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

/**
 * Revokes `cert` in the CA's database (`openssl ca`, a folder beside the CA's key) and writes the
 * CA's revocation list with every certificate revoked so far; its path, for `ssl_crl_file`.
 */
export function revoke(ca: CaFiles, cert: string): string {
  const db = ca.caKey.replace(/\.key$/, '-db');
  const config = join(db, 'ca.cnf');
  if (!existsSync(db)) {
    mkdirSync(db);
    writeFileSync(join(db, 'index.txt'), '');
    writeFileSync(
      config,
      `[ ca ]\ndefault_ca = clinic\n[ clinic ]\ndatabase = ${join(db, 'index.txt')}\n` +
        `certificate = ${ca.caCert}\nprivate_key = ${ca.caKey}\ndefault_md = sha256\ndefault_crl_days = 2\n`,
    );
  }
  const crl = ca.caCert.replace(/\.crt$/, '.crl');
  openssl(['ca', '-config', config, '-revoke', cert]);
  openssl(['ca', '-config', config, '-gencrl', '-out', crl]);
  return crl;
}
