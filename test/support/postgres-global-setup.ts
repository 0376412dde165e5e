/**
 * Vitest global setup of the `clinic` project: a throwaway PostgreSQL cluster (postgres-cluster.ts)
 * from the installed server binaries, listening on 127.0.0.1 only (and a socket in its own temp folder), with SCRAM
 * passwords so desk logins are real. Tests get a superuser URL through `inject('clinicPg')`; each
 * file makes its own database (clinic-db.ts). Stopped and removed at the end.
 *
 * Binaries: TANU_PG_BIN, else the highest /usr/lib/postgresql/<major>/bin with major >= 15. None
 * found: with CI set the run fails here, loudly; otherwise the clinic tests skip with a banner.
 * The same for openssl, which the TLS tests (throwaway CA, verify-full, a revoked certificate)
 * need: in CI its absence fails the run rather than skip the "revoked desk" tests unseen.
 */
import type { TestProject } from 'vitest/node';
import { findPgBinDir, MIN_PG_MAJOR, startPgCluster } from './postgres-cluster.ts';
import { opensslAvailable, type CaFiles } from './throwaway-ca.ts';

export type ClinicPg =
  { ok: true; url: string; socketDir: string; tls: CaFiles | null } | { ok: false; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    clinicPg: ClinicPg;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const bin = findPgBinDir();
  if (bin === null) {
    const reason = `no PostgreSQL ${MIN_PG_MAJOR}+ server binaries (set TANU_PG_BIN or install postgresql)`;
    if (process.env.CI) throw new Error(`clinic tests need PostgreSQL in CI: ${reason}`);
    project.provide('clinicPg', { ok: false, reason });
    return () => Promise.resolve();
  }
  const withTls = opensslAvailable();
  if (!withTls && process.env.CI) {
    throw new Error('clinic tests need the openssl command in CI: the TLS and certificate tests would skip');
  }
  const cluster = await startPgCluster({ bin, tls: withTls });
  project.provide('clinicPg', { ok: true, url: cluster.url, socketDir: cluster.dir, tls: cluster.tls });
  return () => cluster.remove();
}
