/**
 * The registrar's "Print a code slip" through the real router (patient:printCodeSlip), on a kiosk
 * joined to a real PostgreSQL: the slip is issued at the clinic with the clinic's expiry and
 * printed with the code, which a doctor then types in a visit (visit:submitCode) and the clinic
 * redeems once, naming the registrar; the answer never carries the code. A doctor may not print one; a single desk (no
 * clinic) says the clinic cannot be reached and issues nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { IpcResult } from '../../src/shared/ipc/contract-kit.ts';
import { deriveClinicKeys, newClinicKey } from '../../src/core/clinic-sync/clinic-seal.ts';
import { CLINIC_KEY_SECRET } from '../../src/core/clinic-sync/provisioning.ts';
import { redeemReceptionSlip } from '../../src/core/slip/reception-slips.ts';
import { createKioskRouter } from '../../src/main/ipc/kiosk-router.ts';
import type { KioskRuntime } from '../../src/main/runtime/kiosk-runtime.ts';
import { readPdf } from '../core/slip/read-pdf.ts';
import { clinicDatabaseOf, describeClinic, useClinicDb, type TestDesk } from '../support/clinic-db.ts';
import { newPatient } from '../support/registry.ts';
import { DESK_SETUP, testRuntime, type RecordingPrinter } from '../support/runtime.ts';
import { useTempDir } from '../support/temp-dir.ts';

const clinic = useClinicDb('reception_slip_print');
const tempDir = useTempDir('reception-slip-print');
const running: KioskRuntime[] = [];
const ORIGIN = 'app://tanu';
const SECRET = 'long enough secret';
const clinicKey = newClinicKey();
const keys = deriveClinicKeys(clinicKey);

afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

type Call = (channel: string, payload?: unknown) => Promise<IpcResult<unknown>>;

function router(runtime: KioskRuntime): Call {
  const r = createKioskRouter({
    app: { getVersion: () => '0.1.0' },
    platform: 'linux',
    runtime,
    isTrustedSender: (s) => s.isMainFrame && s.url.startsWith(`${ORIGIN}/`),
  });
  return (channel, payload) =>
    r.dispatch(channel, { url: `${ORIGIN}/index.html`, isMainFrame: true }, payload) as Promise<
      IpcResult<unknown>
    >;
}

/**
 * A set-up desk with a registrar and a doctor, joined to the clinic (`desk`) or single (null). The
 * clinic shares accounts between its desks, so each desk's logins are its own.
 */
async function reception(
  desk: TestDesk | null,
): Promise<{ runtime: KioskRuntime; printer: RecordingPrinter; call: Call }> {
  const { runtime, printer } = testRuntime(tempDir());
  running.push(runtime);
  await runtime.completeSetup({ ...DESK_SETUP, deskId: desk?.name ?? 'desk-single' });
  if (desk !== null) {
    runtime.secrets.set('clinic', desk.password);
    runtime.secrets.set(CLINIC_KEY_SECRET, clinicKey.toString('base64'));
    await runtime.reconfigure(
      {
        ...runtime.services().config,
        clinicDatabase: clinicDatabaseOf(desk),
      },
      { rebuild: true },
    );
    await runtime.services().clinicLink?.sync();
  }
  const call = router(runtime);
  await runtime.signIn(DESK_SETUP.admin.login, DESK_SETUP.admin.secret);
  const at = desk?.name ?? 'single';
  for (const [login, role] of [
    [`reg.${at}`, 'registrar'],
    [`dr.${at}`, 'doctor'],
  ] as const) {
    expect(
      await call('admin:createOperator', { login, displayName: login, role, secret: SECRET }),
    ).toMatchObject({ ok: true });
  }
  return { runtime, printer, call };
}

function registerPatient(runtime: KioskRuntime): string {
  const services = runtime.services();
  const admin = services.operators.list()[0];
  return services.patients.register(newPatient({ phone: 'none' }), {
    operatorId: admin?.id ?? '',
    deskId: services.config.desk.id,
  }).id;
}

describeClinic('the registrar prints a code slip at reception', () => {
  it('is issued at the clinic, printed with its code, and redeemed once at a doctor’s desk', async () => {
    const desk = await clinic.addDesk('reception-rt');
    const doctorDesk = await clinic.addDesk('doctor-rt');
    const { runtime, printer, call } = await reception(desk);
    const patientId = registerPatient(runtime);
    await runtime.signIn(`reg.${desk.name}`, SECRET);
    const before = Date.now();
    const answer = await call('patient:printCodeSlip', { patientId });
    expect(answer).toMatchObject({ ok: true, value: { printed: true } });
    const value = (answer as { value: { expiresAt: string } }).value;
    // The clinic's clock sets the expiry: an hour.
    expect(Date.parse(value.expiresAt) - before).toBeGreaterThan(55 * 60_000);
    expect(printer.printed).toHaveLength(1);
    const text = (await readPdf(printer.printed[0] ?? new Uint8Array())).text;
    const digits = /(\d{3}) (\d{3})/.exec(text);
    const code = `${digits?.[1]}${digits?.[2]}`;
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(answer)).not.toContain(code);
    const registrarId = runtime
      .services()
      .operators.list()
      .find((o) => o.login === `reg.${desk.name}`)?.id;
    // A doctor at a desk of the clinic (here the same kiosk): the visit asks for the slip's code.
    await runtime.signIn(`dr.${desk.name}`, SECRET);
    const visit = (await call('visit:start')) as { value: { visitId: string } };
    const { visitId } = visit.value;
    await call('visit:selectPatient', { visitId, patientId });
    await call('visit:chooseType', { visitId, visitType: 'in-person' });
    expect(await call('visit:consent', { visitId, given: false })).toMatchObject({
      ok: true,
      value: { phase: 'receptionSlipEntry', channel: 'slip', slipReady: false },
    });
    expect(await call('visit:submitCode', { visitId, code })).toMatchObject({
      ok: true,
      value: { phase: 'identified', method: 'slip' },
    });
    const redeemed = runtime.services().store.rows.audit.latestOf(['slip_redeemed']);
    expect(JSON.parse(redeemed?.detail ?? 'null')).toMatchObject({ issuedBy: registrarId });
    // Once at the whole clinic: another desk finds it no longer open.
    const deps = { api: await doctorDesk.api(), keys };
    expect(await redeemReceptionSlip(deps, patientId, code, randomUUID(), randomUUID())).toEqual({
      status: 'none',
    });
  });

  it('a doctor may not print one; a single desk cannot issue one', async () => {
    const desk = await clinic.addDesk('reception-rt-2');
    const joined = await reception(desk);
    const patientId = registerPatient(joined.runtime);
    await joined.runtime.signIn(`dr.${desk.name}`, SECRET);
    expect(await joined.call('patient:printCodeSlip', { patientId })).toMatchObject({
      ok: false,
      code: 'NOT_AUTHORISED',
    });
    expect(joined.printer.printed).toHaveLength(0);
    expect(await (await desk.api()).openSlip(patientId)).toBeNull();

    const single = await reception(null);
    const lone = registerPatient(single.runtime);
    await single.runtime.signIn('reg.single', SECRET);
    expect(await single.call('patient:printCodeSlip', { patientId: lone })).toMatchObject({
      ok: false,
      code: 'CLINIC_UNREACHABLE',
    });
    expect(single.printer.printed).toHaveLength(0);
  });
});
