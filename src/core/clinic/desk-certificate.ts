/**
 * The desk's client certificate as clinic IT's own PKI issues it (docs/CLINIC-PROTOCOL.md gives the
 * openssl commands): the server takes a TLS login only with a certificate whose CN is the login
 * role (`clientcert=verify-full`), issued by the CA in its `ssl_ca_file`. What `clinic add-desk`
 * puts into a provisioning file, and what a desk keeps when it joins, is checked here once, so a
 * mismatch is a clear typed error at the admin's command or the join screen instead of a TLS
 * refusal at the desk's first connection, whose reason the server never tells the client.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ClinicError } from '../../shared/clinic-errors.ts';

/** PEM text: the clinic's CA certificate, the desk's certificate and its unencrypted private key. */
export const deskTlsSchema = z
  .object({ ca: z.string().min(1), cert: z.string().min(1), key: z.string().min(1) })
  .strict();
export type DeskTlsPem = z.output<typeof deskTlsSchema>;

function invalid(message: string): ClinicError {
  return new ClinicError('CLINIC_CERTIFICATE_INVALID', message);
}

function certificate(pem: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw invalid(`${what} is not a PEM certificate`);
  }
}

function privateKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    throw invalid("the desk's key is not an unencrypted PEM private key");
  }
}

/** The subject's common names: PostgreSQL compares the CN with the login role, byte for byte. */
function commonNames(cert: X509Certificate): string[] {
  return cert.subject
    .split('\n')
    .filter((line) => line.startsWith('CN='))
    .map((line) => line.slice('CN='.length));
}

/**
 * Throws CLINIC_CERTIFICATE_INVALID (naming what is wrong, never a key) unless `pem.cert` names
 * `role` as its only CN, `pem.key` is its private key, `pem.ca` (a CA certificate) issued it, and
 * it is valid at `now`.
 */
export function checkDeskTls(pem: DeskTlsPem, role: string, now: Date): void {
  const ca = certificate(pem.ca, "the clinic's CA");
  const cert = certificate(pem.cert, "the desk's certificate");
  const key = privateKey(pem.key);
  if (!ca.ca) throw invalid("the clinic's CA file holds a certificate that is not a CA");
  const names = commonNames(cert);
  if (names.length !== 1 || names[0] !== role) {
    throw invalid(
      `the desk's certificate names CN=${names.join(',') || '(none)'}; the server takes it only for CN=${role}`,
    );
  }
  if (!cert.checkPrivateKey(key)) throw invalid("the desk's key does not fit its certificate");
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) {
    throw invalid("the desk's certificate was not issued by the clinic's CA");
  }
  for (const [what, c] of [
    ["the desk's certificate", cert],
    ["the clinic's CA", ca],
  ] as const) {
    if (now < new Date(c.validFrom) || now > new Date(c.validTo)) {
      throw invalid(`${what} is valid from ${c.validFrom} to ${c.validTo}, not now`);
    }
  }
}
