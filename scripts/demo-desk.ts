/**
 * What `npm run demo` puts in a desk before its visits: the accounts (made once; their demo
 * passwords printed then, never again) and the patients (registered once each, by a fixed IIN per
 * place in the cast, so a second run finds them instead of registering them twice).
 */
import type { Actor } from '../src/core/audit/actor.ts';
import type { KioskServices } from '../src/core/kiosk/kiosk-services.ts';
import { benchIin } from './bench-clinic-registry.ts';
import type { CastMember } from './clinic-simulate/cast.ts';
import { enrol } from './clinic-simulate/registrar.ts';
import type { SimulatedCamera } from './clinic-simulate/simulated-camera.ts';
import type { VisitPatient } from './clinic-simulate/visit-player.ts';

/** The demo's accounts: login, role, password (a demo desk is for trying, not for patients). */
const ACCOUNTS = [
  { login: 'admin', displayName: 'Администратор', role: 'admin', secret: 'demo admin 2026' },
  { login: 'doctor', displayName: 'Dr Aida Bekova', role: 'doctor', secret: 'demo doctor 2026' },
  { login: 'registrar', displayName: 'Тіркеуші', role: 'registrar', secret: 'demo registrar 2026' },
] as const;

export function demoAccounts(
  s: KioskServices,
  log: (line: string) => void,
): { doctor: Actor; registrar: Actor } {
  const deskId = s.config.desk.id;
  const find = (login: string) => s.operators.list().find((o) => o.login === login) ?? null;
  let admin = find('admin');
  if (admin === null) {
    const [a, ...others] = ACCOUNTS;
    admin = s.operators.create(a, { operatorId: 'system', deskId });
    for (const o of others) s.operators.create(o, { operatorId: admin.id, deskId });
    for (const o of ACCOUNTS) log(`account ${o.login} (${o.role}), password "${o.secret}"`);
  }
  const id = (login: string) => {
    const o = find(login);
    if (o === null)
      throw new Error(`the demo desk has no ${login} account (not a desk made by npm run demo?)`);
    return { operatorId: o.id, deskId };
  };
  return { doctor: id('doctor'), registrar: id('registrar') };
}

/** The cast as patients of the desk: registered (and enrolled, unless they refuse) the first time. */
export async function demoPatients(
  s: KioskServices,
  camera: SimulatedCamera,
  cast: CastMember[],
  registrar: Actor,
  log: (line: string) => void,
): Promise<VisitPatient[]> {
  const patients: VisitPatient[] = [];
  for (const [i, member] of cast.entries()) {
    const refuses = i % 4 === 1;
    const { iin, birthDate } = benchIin(700_000 + i);
    const phone = `+7701${String(2_000_000 + i).slice(-7)}`;
    let id = s.patients.findByIin(iin)?.id ?? null;
    if (id === null) {
      camera.person = refuses ? null : member.enrol;
      camera.pose = {};
      const outcome = await enrol(s, registrar, {
        patient: {
          iin,
          birthDate,
          familyName: 'Демо',
          givenNames: member.name.replace(/[^\p{L}]+/gu, ' ').trim() || 'Науқас',
          phone,
          legallyIncapacitated: false,
        },
        captures: refuses ? null : member.enrol,
      });
      camera.person = null;
      id = outcome.patientId;
      log(`patient ${member.name}: ${outcome.outcome}`);
    }
    const face = s.templates.has(id) && member.visit.length > 0 ? member.visit : null;
    patients.push({ id, phone, face });
  }
  return patients;
}
