/**
 * A photo held up to the webcam: Chromium's fake camera plays a still (a committed portrait, and
 * the printed-photo and screen-replay frames of ../shared/data/pad when present) while the patient
 * on record is enrolled from that very still, so a passed liveness check would mean a false
 * identification. The screens run the real visit with the product's liveness settings and a
 * random challenge; the still can do none of the actions, so every run must end in a failed
 * liveness check (the action's timeout), never in a match.
 */
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACE_FIXTURES, SHARED, sharedAvailable } from '../support/paths.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { OPERATORS } from './support/kiosk-fixture.ts';
import { useKioskSession } from './support/kiosk-session.ts';
import { findPatientByIin, giveConsent, startInPersonVisit } from './support/kiosk-ui.ts';
import { photoY4m } from './support/y4m.ts';

const tempDir = useTempDir('e2e-photo-attack');

const STILLS: { name: string; path: string; shared: boolean }[] = [
  { name: 'committed portrait', path: `${FACE_FIXTURES}/obama/obama.jpg`, shared: false },
  { name: 'PAD printed photo', path: `${SHARED}/pad/frames/print_attack/image_F1.jpg`, shared: true },
  { name: 'PAD screen replay', path: `${SHARED}/pad/frames/replay_attack/image_F2.jpg`, shared: true },
];
const hasPad = sharedAvailable('pad/frames');

for (const still of STILLS) {
  describe.skipIf(still.shared && !hasPad)(`held-up ${still.name}`, () => {
    let iin = '';
    /** Whether the still passes the quality gate at all (a skewed print may not even get that far). */
    let passesGate = true;
    const session = useKioskSession({
      dir: tempDir,
      prepare: async (fixture) => {
        const patient = fixture.registerPatient({ familyName: 'Фотосурет' });
        iin = patient.iin;
        // Enrolled from the held-up still itself: what the attacker would hope to match. A still
        // the quality gate refuses cannot be enrolled; the patient gets a portrait instead.
        const source = relative(FACE_FIXTURES, still.path);
        try {
          await fixture.enrol(patient.id, [source, `${source}@0.75`, `${source}@0.9`]);
        } catch {
          passesGate = false;
          await fixture.enrol(patient.id, [
            'obama/obama.jpg',
            'obama/obama_small.jpg',
            'obama/obama.jpg@0.75',
          ]);
        }
        return photoY4m(still.path, { seconds: 4 });
      },
      signInAs: { who: OPERATORS.doctor, home: 'doctorHome' },
    });

    it('never passes liveness and nothing is identified', async () => {
      const { kiosk, fixture } = session();
      await findPatientByIin(kiosk, iin);
      await startInPersonVisit(kiosk);
      await giveConsent(kiosk);
      const camera = await kiosk.waitForScreen('camera');
      const trail = () =>
        fixture.runtime
          .services()
          .store.connection.prepare(
            "SELECT event FROM audit_log WHERE event LIKE 'liveness_%' OR event LIKE 'face_%'",
          )
          .pluck()
          .all();
      if (!passesGate) {
        // The gate keeps asking for a frontal face; the challenge never even starts.
        await camera.getByRole('heading', { name: 'Look straight at the camera' }).waitFor();
        await new Promise((resolve) => setTimeout(resolve, 8000));
        expect(trail()).toEqual([]);
        expect(await kiosk.screen('camera').count()).toBe(1);
        return;
      }
      const noMatch = await kiosk.waitForScreen('noMatch', 30_000);
      await noMatch.getByText('Attempts left: 2').waitFor();
      const rows = fixture.runtime
        .services()
        .store.connection.prepare(
          "SELECT event, detail FROM audit_log WHERE event LIKE 'liveness_%' OR event LIKE 'face_%'",
        )
        .all() as { event: string; detail: string | null }[];
      expect(rows.map((r) => r.event)).toEqual(['liveness_failed']);
      expect(JSON.parse(rows[0]?.detail ?? '{}')).toMatchObject({ reasons: ['timeout'] });
    });
  });
}
