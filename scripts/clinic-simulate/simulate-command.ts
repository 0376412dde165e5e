/**
 * `npm run clinic -- simulate`'s arguments and run: the engine started from the shipped models,
 * the people set of ../shared used when it is there (said loudly when it is not), progress on
 * stderr, the result as the last stdout line (one JSON object). Exit 1 when the clinic did not
 * end up with every visit exactly once on chains that verify.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { connectClinic } from '../../src/core/clinic/connect.ts';
import { engineAnalyzerPort } from '../../src/core/face/engine-analyzer-port.ts';
import { FaceEngine } from '../../src/core/face/face-engine.ts';
import { availableCast } from './cast.ts';
import { simulateClinic } from './simulation.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SIMULATE_USAGE = `  simulate      --desks N --patients P --visits V --offline-seconds S
                a clinic in one run: a registrar desk and N-1 doctor desks, each its own SQLite
                file and role (run it on a throwaway clinic database: their roles stay); the
                registrar enrols P patients from real photos (committed portraits, ../shared
                people when present), each doctor desk runs V visits, the first doctor desk is
                cut off for S seconds mid-run; last line JSON`;

export const SIMULATE_OPTIONS = {
  desks: { type: 'string' },
  patients: { type: 'string' },
  visits: { type: 'string' },
  'offline-seconds': { type: 'string' },
} as const;

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const simulateArgs = {
  desks: count(2, 20).default(3),
  patients: count(1, 1000).default(10),
  visits: count(1, 1000).default(4),
  'offline-seconds': count(0, 3600).default(10),
};

export async function runSimulate(args: {
  url: string;
  desks: number;
  patients: number;
  visits: number;
  'offline-seconds': number;
}): Promise<number> {
  const log = (line: string) => console.error(line);
  // Patients beyond the people with photos refuse the photo (simulation.ts).
  const cast = availableCast(root, log);
  const engine = engineAnalyzerPort(FaceEngine.start({ modelsDir: join(root, 'models') }));
  const clinic = await connectClinic(args.url);
  try {
    await engine.ready();
    const result = await simulateClinic({
      clinic,
      url: args.url,
      desks: args.desks,
      patients: args.patients,
      visits: args.visits,
      offlineSeconds: args['offline-seconds'],
      engine,
      cast,
      log,
    });
    const whole =
      result.visitsAtClinic === result.visitsMade &&
      result.offlineVisitsDelivered === result.detail.offlineVisits &&
      result.chainsVerified === result.desks;
    log(
      `${result.visitsMade} visits made, ${result.visitsAtClinic} at the clinic; offline ${result.offlineVisitsDelivered}/${result.detail.offlineVisits} delivered; ` +
        `chains verified ${result.chainsVerified}/${result.desks}; enrolment seen p50 ${result.enrolmentSeenMs.p50} ms, p95 ${result.enrolmentSeenMs.p95} ms` +
        (whole ? '' : ' — NOT WHOLE'),
    );
    console.log(JSON.stringify(result));
    return whole ? 0 : 1;
  } finally {
    await clinic.end();
    await engine.close();
  }
}
