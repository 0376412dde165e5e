/**
 * Child process for the interrupted-visit test: opens a desk's services on DIR (its SQLite file and
 * key file), registers a patient, starts an in-person visit for them as a doctor, has a code issued
 * for it, prints {"visitId", "patientId", "operatorId", "code"} and then waits, with the visit open,
 * for the parent's SIGKILL. Usage: node open-visit-child.ts DIR
 */
import { writeSync } from 'node:fs';
import { openDeskServices } from './clinic-desk.ts';
import { newPatient } from './registry.ts';

const [dir] = process.argv.slice(2) as [string];
const services = openDeskServices(dir, 'desk-7');
const admin = services.operators.create(
  { login: 'admin', displayName: 'Admin', role: 'admin', secret: 'admin secret 1' },
  { operatorId: 'system', deskId: 'desk-7' },
);
const doctor = services.operators.create(
  { login: 'doctor', displayName: 'Dr Aida', role: 'doctor', secret: 'doctor secret 1' },
  { operatorId: admin.id, deskId: 'desk-7' },
);
const actor = { operatorId: doctor.id, deskId: 'desk-7' };
const patient = services.patients.register(newPatient(), actor);
const { visitId } = services.desk.start(actor, 'Dr Aida');
await services.desk.selectPatient(visitId, patient.id);
await services.desk.chooseVisitType(visitId, 'in-person');
const { code } = services.codes.issue(patient.id, visitId, actor, services.clock.now());
writeSync(1, `${JSON.stringify({ visitId, patientId: patient.id, operatorId: doctor.id, code })}\n`);
setInterval(() => undefined, 60_000);
