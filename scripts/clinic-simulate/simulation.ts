/**
 * `npm run clinic -- simulate`: a clinic in one process, every desk real. A registrar desk
 * enrols the patients (the real engine on real photos), every doctor desk runs its visits (face
 * path, and the code path for patients who refuse the photo), one doctor desk loses its network
 * for a while in the middle and keeps working, and at the end the clinic database is asked what
 * arrived: every visit, exactly once, on chains that verify. Each desk is what the app runs
 * (sim-desk.ts); only the people in front of the cameras and the patients' phones are simulated.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { Actor } from '../../src/core/audit/actor.ts';
import { deriveClinicKeys, newClinicKey } from '../../src/core/clinic-sync/clinic-seal.ts';
import { clinicClientConfig } from '../../src/core/clinic/connect.ts';
import { addDesk } from '../../src/core/clinic/desks.ts';
import { migrateClinic } from '../../src/core/clinic/migrate.ts';
import { verifyClinic } from '../../src/core/clinic/verify.ts';
import type { EngineAnalyzerPort } from '../../src/core/face/engine-analyzer-port.ts';
import { benchIin } from '../bench-clinic-registry.ts';
import { quantile } from '../bench-clinic-push.ts';
import { castOf, seated, type CastMember } from './cast.ts';
import { enrol, type Enrolled } from './registrar.ts';
import { openSimDesk, type SimDesk } from './sim-desk.ts';
import { SimulatedCamera } from './simulated-camera.ts';
import { SimulatedPhones } from './simulated-phones.ts';
import { playVisit, type PlayedVisit, type VisitPatient } from './visit-player.ts';

export interface SimulationOptions {
  /** A superuser connection to the clinic database (as `clinic init` takes). */
  clinic: pg.Client;
  /** The URL it was opened with: the desks reach the same server with their own roles. */
  url: string;
  desks: number;
  patients: number;
  visits: number;
  offlineSeconds: number;
  engine: EngineAnalyzerPort;
  facesDir: string;
  peopleDir: string | null;
  log: (line: string) => void;
}

export interface SimulationResult {
  desks: number;
  patients: number;
  visitsMade: number;
  visitsAtClinic: number;
  duplicates: number;
  offlineVisitsDelivered: number;
  enrolmentSeenMs: { p50: number; p95: number };
  chainsVerified: number;
  /** The details behind the figures above. */
  detail: {
    people: number;
    enrolled: number;
    enrolmentsFailed: number;
    refusedPhoto: number;
    identified: { face: number; code: number };
    notIdentified: number;
    /** The phases visits were given up in (the doctor cancelled: nothing else could move them on). */
    cancelledIn: string[];
    faceNoMatches: number;
    offlineDesk: string | null;
    offlineVisits: number;
    decisionsMade: number;
    decisionsAtClinic: number;
    duplicateAttempts: number;
    chainProblems: string[];
    enrolmentSeenSamples: number;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long the end of the run waits for every desk to have everything acknowledged. */
const DRAIN_LIMIT_MS = 180_000;
/** How long a registrar's enrolment may take to be identifiable at another desk before it counts as lost. */
const SEEN_LIMIT_MS = 60_000;

/** Milliseconds until `ready()` holds, polled every 10 ms; null past the limit. */
async function timeUntil(ready: () => boolean, startedAt: number): Promise<number | null> {
  while (!ready()) {
    if (performance.now() - startedAt > SEEN_LIMIT_MS) return null;
    await sleep(10);
  }
  return performance.now() - startedAt;
}

/** Until every desk's decisions, visits, audit rows and registry changes are acknowledged by the clinic. */
async function drain(desks: SimDesk[]): Promise<void> {
  const started = performance.now();
  for (;;) {
    await Promise.all(desks.map((d) => d.services.clinicLink?.sync()));
    const waiting = desks.filter((d) => {
      const link = d.services.clinicLink;
      if (link === null) return false;
      const unsent = link.unsent();
      const tip = d.services.store.rows.audit.tip().seq;
      return unsent.decisions > 0 || unsent.changes > 0 || (link.acknowledged()?.seq ?? 0) < tip;
    });
    if (waiting.length === 0) return;
    if (performance.now() - started > DRAIN_LIMIT_MS) {
      throw new Error(
        `desks still not acknowledged after ${DRAIN_LIMIT_MS / 1000} s: ${waiting.map((d) => d.name).join(', ')}`,
      );
    }
    await sleep(500);
  }
}

export async function simulateClinic(o: SimulationOptions): Promise<SimulationResult> {
  const root = mkdtempSync(join(tmpdir(), 'tanu-simulate-'));
  const desks: SimDesk[] = [];
  const ticker = setInterval(() => desks.forEach((d) => void d.services.tick()), 1000);
  try {
    await migrateClinic(o.clinic);
    const server = clinicClientConfig(o.url);
    const where = {
      host: server.host as string,
      port: Number(server.port ?? 5432),
      database: server.database as string,
    };
    const run = `sim${randomBytes(3).toString('hex')}`;
    const clinicKey = newClinicKey();
    const clinicKeys = deriveClinicKeys(clinicKey);
    clinicKey.fill(0);
    const phones = new SimulatedPhones();
    // Only as many people as can be patients with a face are seated (each capture costs an analysis).
    const cast = await seated(o.engine, castOf(o.facesDir, o.peopleDir).slice(0, o.patients));
    o.log(`${cast.length} people with photos seated; desks ${run}-reg and ${run}-d1..${o.desks - 1}`);

    const open = async (name: string, face: EngineAnalyzerPort | SimulatedCamera) => {
      const desk = await openSimDesk({
        desk: await addDesk(o.clinic, name),
        server: where,
        clinicKeys,
        face,
        phones,
        root,
      });
      desks.push(desk);
      return desk;
    };
    const registrarDesk = await open(`${run}-reg`, o.engine);
    const doctors: { desk: SimDesk; camera: SimulatedCamera }[] = [];
    for (let d = 1; d < o.desks; d += 1) {
      const camera = new SimulatedCamera(o.engine);
      doctors.push({ desk: await open(`${run}-d${d}`, camera), camera });
    }

    // Accounts, made at the registrar desk: they work at every desk of the clinic.
    const s = registrarDesk.services;
    const system: Actor = { operatorId: 'system', deskId: registrarDesk.name };
    const admin = s.operators.create(
      {
        login: `${run}-admin`,
        displayName: 'Администратор',
        role: 'admin',
        secret: randomBytes(12).toString('hex'),
      },
      system,
    );
    const asAdmin: Actor = { operatorId: admin.id, deskId: registrarDesk.name };
    const registrar = s.operators.create(
      {
        login: `${run}-reg`,
        displayName: 'Тіркеуші',
        role: 'registrar',
        secret: randomBytes(12).toString('hex'),
      },
      asAdmin,
    );
    const doctorAccounts = doctors.map((_, i) =>
      s.operators.create(
        {
          login: `${run}-dr${i + 1}`,
          displayName: `Дәрігер ${'АӘБВГД'[i % 6]}`,
          role: 'doctor',
          secret: randomBytes(12).toString('hex'),
        },
        asAdmin,
      ),
    );

    // The registrar enrols everyone; each enrolment is timed until it is identifiable at every doctor desk.
    const patients: (VisitPatient & { member: CastMember | null })[] = [];
    const seen: Promise<number | null>[] = [];
    let enrolmentsFailed = 0;
    let nextFace = 0;
    for (let i = 0; i < o.patients; i += 1) {
      // One patient in four refuses the photo (the second, sixth, ...: every run has some), as
      // does everyone once the people with photos are used up.
      const member = i % 4 === 1 ? null : (cast[nextFace++] ?? null);
      const { iin, birthDate } = benchIin(500_000 + i);
      const phone = `+7701${String(1_000_000 + i).slice(-7)}`;
      const outcome: Enrolled = await enrol(
        s,
        { operatorId: registrar.id, deskId: registrarDesk.name },
        {
          patient: {
            iin,
            birthDate,
            familyName: 'Сынақова',
            givenNames: `Науқас ${member?.name.replace(/[^\p{L}]+/gu, ' ').trim() || 'Кодпен'}`,
            phone,
            legallyIncapacitated: false,
          },
          captures: member?.enrol ?? null,
        },
      );
      if (outcome.outcome === 'enrolled') {
        const committed = performance.now();
        const id = outcome.patientId;
        for (const { desk } of doctors) {
          const there = desk.services;
          seen.push(timeUntil(() => there.patients.exists(id) && there.templates.has(id), committed));
        }
      } else if (member !== null) enrolmentsFailed += 1;
      patients.push({
        id: outcome.patientId,
        phone,
        face: outcome.outcome === 'enrolled' && member && member.visit.length > 0 ? member.visit : null,
        member: outcome.outcome === 'enrolled' ? member : null,
      });
      o.log(`patient ${i + 1}/${o.patients}: ${outcome.outcome}${member ? ` (${member.name})` : ''}`);
    }
    const seenMs = await Promise.all(seen);
    const seenAt = seenMs.filter((ms): ms is number => ms !== null);
    // Everyone registered is at every doctor desk before the visits (a patient still on the way is not a visit).
    for (const { desk } of doctors) {
      for (const p of patients) await timeUntil(() => desk.services.patients.exists(p.id), performance.now());
    }

    // One identity fraud attempt, at a doctor desk with the registrar's account: a face already
    // enrolled at the clinic, under a new IIN. The clinic-wide 1:N check must block it.
    let duplicateAttempts = 0;
    const fraudDesk = doctors.at(-1);
    const known = patients.find((p) => p.member !== null)?.member;
    if (fraudDesk && known) {
      duplicateAttempts = 1;
      fraudDesk.camera.person = known.enrol;
      fraudDesk.camera.pose = {};
      const { iin, birthDate } = benchIin(900_000);
      const attempt = await enrol(
        fraudDesk.desk.services,
        { operatorId: registrar.id, deskId: fraudDesk.desk.name },
        {
          patient: {
            iin,
            birthDate,
            familyName: 'Басқаев',
            givenNames: 'Жалған',
            phone: '+77019999999',
            legallyIncapacitated: false,
          },
          captures: known.enrol,
        },
      );
      fraudDesk.camera.person = null;
      o.log(`fraud attempt (${known.name}'s face, new IIN) at ${fraudDesk.desk.name}: ${attempt.outcome}`);
    }

    // The visits: every doctor desk at once; the first loses its network mid-run for the given time.
    const offline = o.offlineSeconds > 0 ? doctors[0] : undefined;
    const offlineVisitIds: string[] = [];
    let restored: Promise<void> = Promise.resolve();
    const played: PlayedVisit[] = [];
    await Promise.all(
      doctors.map(async ({ desk, camera }, d) => {
        const account = doctorAccounts[d];
        if (!account) return;
        const doctor = { actor: { operatorId: account.id, deskId: desk.name }, name: account.displayName };
        let cut = false;
        for (let v = 0; v < o.visits; v += 1) {
          if (desk === offline?.desk && v === Math.floor(o.visits / 2)) {
            await desk.cable.cut();
            cut = true;
            o.log(`${desk.name}: network cut for ${o.offlineSeconds} s`);
            restored = sleep(o.offlineSeconds * 1000).then(async () => {
              await desk.cable.restore();
              cut = false;
              o.log(`${desk.name}: network back`);
            });
          }
          const patient = patients[(d * o.visits + v) % patients.length];
          if (!patient) break;
          // A visit begun with the cable out is an offline visit, however long it takes.
          const offlineVisit = cut;
          const visit = await playVisit(desk.services.desk, camera, phones, doctor, patient);
          played.push(visit);
          if (offlineVisit) offlineVisitIds.push(visit.visitId);
          const how = visit.method
            ? ` by ${visit.method}`
            : visit.cancelledIn
              ? ` in ${visit.cancelledIn}`
              : '';
          o.log(
            `${desk.name} visit ${v + 1}/${o.visits} (${patient.member?.name ?? 'no photo'}): ${visit.phase}${how}, ${visit.noMatches} no-match${offlineVisit ? ' (offline)' : ''}`,
          );
        }
      }),
    );
    await restored;
    await drain(desks);

    // What the clinic holds.
    const names = desks.map((d) => d.name);
    const count = async (sql: string, params: unknown[]): Promise<number> =>
      Number((await o.clinic.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);
    const ours = 'desk_id IN (SELECT id FROM tanu.desks WHERE name = ANY($1))';
    const visitsAtClinic = await count(`SELECT count(*) AS n FROM tanu.visits WHERE ${ours}`, [names]);
    const decisionsAtClinic = await count(`SELECT count(*) AS n FROM tanu.decisions WHERE ${ours}`, [names]);
    const offlineVisitsDelivered = offline
      ? await count(
          'SELECT count(*) AS n FROM tanu.visits WHERE desk_id = (SELECT id FROM tanu.desks WHERE name = $1) AND id = ANY($2)',
          [offline.desk.name, offlineVisitIds],
        )
      : 0;
    // Each blocked enrolment writes one audit row per patient of the pair; plus the IINs registered twice.
    const blocked = await count(
      `SELECT count(*) AS n FROM tanu.audit_rows WHERE ${ours} AND event = 'enrolment_blocked_duplicate'`,
      [names],
    );
    const iinTwice = await count(
      `SELECT count(*) AS n FROM tanu.flags WHERE kind = 'duplicate_iin' AND ${ours}`,
      [names],
    );
    const verdicts = (await verifyClinic(o.clinic)).filter((v) => names.includes(v.desk));
    const decisionsMade = desks
      .flatMap((d) => d.services.store.rows.decisions.countsByOperator('0000', '9999'))
      .reduce((sum, c) => sum + c.decisions, 0);

    return {
      desks: desks.length,
      patients: patients.length,
      visitsMade: played.length,
      visitsAtClinic,
      duplicates: blocked / 2 + iinTwice,
      offlineVisitsDelivered,
      enrolmentSeenMs: { p50: Math.round(quantile(seenAt, 0.5)), p95: Math.round(quantile(seenAt, 0.95)) },
      chainsVerified: verdicts.filter((v) => v.problem === null && v.head !== null).length,
      detail: {
        people: cast.length,
        enrolled: patients.filter((p) => p.face !== null).length,
        enrolmentsFailed,
        refusedPhoto: patients.filter((p) => p.face === null).length,
        identified: {
          face: played.filter((v) => v.phase === 'identified' && v.method === 'face').length,
          code: played.filter((v) => v.phase === 'identified' && v.method === 'code').length,
        },
        notIdentified: played.filter((v) => v.phase !== 'identified').length,
        cancelledIn: played.flatMap((v) => (v.cancelledIn ? [v.cancelledIn] : [])),
        faceNoMatches: played.reduce((sum, v) => sum + v.noMatches, 0),
        offlineDesk: offline?.desk.name ?? null,
        offlineVisits: offlineVisitIds.length,
        decisionsMade,
        decisionsAtClinic,
        duplicateAttempts,
        chainProblems: verdicts.filter((v) => v.problem !== null).map((v) => `${v.desk}: ${v.message}`),
        enrolmentSeenSamples: seenAt.length,
      },
    };
  } finally {
    clearInterval(ticker);
    for (const desk of desks) {
      await desk.services.close().catch(() => undefined);
      await desk.cable.close();
    }
    rmSync(root, { recursive: true, force: true });
  }
}
