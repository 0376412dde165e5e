/**
 * The TLS path of connect.ts against the throwaway cluster, which the global setup started with a
 * throwaway CA (test/support/throwaway-ca.ts): its server certificate names "localhost" only, and
 * its TLS connections must present a client certificate naming their role.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { connectClinic, type ClinicTls } from '../../src/core/clinic/connect.ts';
import { ClinicDeskApi } from '../../src/core/clinic/desk-api.ts';
import { issue, makeCa } from '../support/throwaway-ca.ts';
import { typedRejection } from '../support/typed-errors.ts';
import { describeClinic, useClinicDb, type TestDesk } from '../support/clinic-db.ts';

const clinicPg = inject('clinicPg');
const ca = clinicPg.ok ? clinicPg.tls : null;
if (clinicPg.ok && !ca) console.warn('\n!!! SKIPPING the clinic TLS tests: no openssl command !!!\n');
/** Runs when PostgreSQL runs and the global setup could make its CA. */
function describeTls(name: string, body: () => void): void {
  if (ca) describeClinic(name, body);
  else describe.skip(name, body);
}

const clinic = useClinicDb('tls');
let desk: TestDesk;
let files: ClinicTls;

/** The desk's URL with another host: "localhost" matches the server certificate, 127.0.0.1 does not. */
const at = (host: string) => {
  const url = new URL(desk.url);
  url.hostname = host;
  return url.toString();
};

beforeAll(() => {
  if (!ca) return;
  return (async () => {
    desk = await clinic.addDesk('tls');
    const client = issue(ca, `client-${desk.name}`, desk.role);
    files = { ca: readFileSync(ca.caCert), cert: readFileSync(client.cert), key: readFileSync(client.key) };
  })();
});

describeTls('TLS to the clinic', () => {
  it('connects with the clinic CA and the desk certificate, verified in full', async () => {
    const client = await connectClinic(at('localhost'), files);
    const ssl = await client.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    expect(ssl.rows[0]).toEqual({ ssl: true });
    expect((await new ClinicDeskApi(client).heads()).self).toBe(desk.name);
    await client.end();
  });

  it('refuses a server whose certificate does not name the host it was reached by', async () => {
    expect(await typedRejection(connectClinic(at('127.0.0.1'), files))).toBe('CLINIC_UNREACHABLE');
  });

  it('refuses a server certificate from another CA', async () => {
    const stranger = makeCa(ca?.dir as string, 'stranger-ca');
    const wrongCa = { ...files, ca: readFileSync(stranger.caCert) };
    expect(await typedRejection(connectClinic(at('localhost'), wrongCa))).toBe('CLINIC_UNREACHABLE');
  });

  it("is refused by the server with another role's certificate", async () => {
    const other = issue(ca as NonNullable<typeof ca>, `client-other-${desk.name}`, 'tanu_desk_someone_else');
    const borrowed = { ...files, cert: readFileSync(other.cert), key: readFileSync(other.key) };
    const error = await connectClinic(at('localhost'), borrowed).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({
      code: 'CLINIC_UNREACHABLE',
      // The password is right: what fails is the certificate (the server names no reason to clients).
      message: expect.stringMatching(/authentication failed/),
    });
  });
});
