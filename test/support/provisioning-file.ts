/**
 * The provisioning file `npm run clinic -- add-desk --clinic-key` hands IT for one desk, written
 * here the same way (scripts/clinic.ts) for a desk role the test made, with the clinic key wrapped
 * under `passphrase` for that desk only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { wrapClinicKey } from '../../src/core/clinic/clinic-key.ts';
import { PROVISIONING_FORMAT } from '../../src/core/clinic-sync/provisioning.ts';

export interface ProvisionedDesk {
  name: string;
  role: string;
  password: string;
}

export function writeProvisioningFile(
  dir: string,
  desk: ProvisionedDesk,
  databaseUrl: string,
  clinicKey: Buffer,
  passphrase: string,
): string {
  const url = new URL(databaseUrl);
  const path = join(dir, `desk-${desk.name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      format: PROVISIONING_FORMAT,
      desk: desk.name,
      role: desk.role,
      password: desk.password,
      clinic: { host: url.hostname, port: Number(url.port), database: url.pathname.slice(1) },
      tlsRequired: false,
      clinicKey: wrapClinicKey(clinicKey, passphrase, desk.name),
    }),
  );
  return path;
}
