/**
 * The people of the simulation, from real photos: the committed portraits (obama, biden) always,
 * and the people set of ../shared when it is there. Each is enrolled at the registrar from some
 * captures and comes to the doctor with others, of a different photo where there is one, so a
 * visit matches a face the template never saw.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineAnalyzerPort } from '../../src/core/face/engine-analyzer-port.ts';
import { captureFrame, type Capture } from './simulated-camera.ts';

export interface CastMember {
  name: string;
  enrol: Capture[];
  visit: Capture[];
}

/** Captures of one photo at the sizes a desk camera gives a face at its usual distances. */
const sizes = (path: string, scales: number[]): Capture[] => scales.map((scale) => ({ path, scale }));

/** The committed portraits (test/fixtures/faces), enrolment photos as the end-to-end tests use them. */
function committed(facesDir: string): CastMember[] {
  const obama = (name: string) => join(facesDir, 'obama', name);
  const biden = (name: string) => join(facesDir, 'biden', name);
  return [
    {
      name: 'obama',
      enrol: [...sizes(obama('obama.jpg'), [1, 0.75]), ...sizes(obama('obama_small.jpg'), [1])],
      visit: [...sizes(obama('obama1.jpg'), [1, 0.75]), ...sizes(obama('obama2.jpg'), [1])],
    },
    {
      name: 'biden',
      enrol: sizes(biden('biden2.jpg'), [1, 0.75, 0.6]),
      visit: sizes(biden('biden.jpg'), [1, 0.75]),
    },
  ];
}

/** The people set: everyone with two photos or more (one to enrol, the others to visit with). */
function peopleSet(peopleDir: string, skip: Set<string>): CastMember[] {
  return readdirSync(peopleDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !skip.has(entry.name.toLowerCase()))
    .map((entry) => {
      const photos = readdirSync(join(peopleDir, entry.name))
        .filter((file) => /\.(jpe?g|png)$/i.test(file))
        .sort()
        .map((file) => join(peopleDir, entry.name, file));
      return { name: entry.name, photos };
    })
    .filter(({ photos }) => photos.length >= 2)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, photos }) => ({
      name,
      enrol: sizes(photos[0] as string, [1, 0.75, 0.6]),
      visit: photos.slice(1).flatMap((path) => sizes(path, [1, 0.75])),
    }));
}

/**
 * Everyone this checkout has photos of: the committed portraits under ROOT/test/fixtures/faces and,
 * when ../shared sits beside ROOT, its people set; said loudly when it does not.
 */
export function availableCast(root: string, log: (line: string) => void): CastMember[] {
  const peopleDir = join(root, '..', 'shared', 'data', 'faces', 'people');
  const people = existsSync(peopleDir) ? peopleDir : null;
  if (people === null) log(`!!! ${peopleDir} is not there: only the two committed portraits have faces`);
  return castOf(join(root, 'test', 'fixtures', 'faces'), people);
}

/** Everyone available: the committed two first, then the people set (without its own obama and biden). */
export function castOf(facesDir: string, peopleDir: string | null): CastMember[] {
  const cast = committed(facesDir);
  if (peopleDir === null || !existsSync(peopleDir)) return cast;
  return [...cast, ...peopleSet(peopleDir, new Set(cast.map((m) => m.name)))];
}

/**
 * The cast as they sit at a desk: a patient faces the camera when the screen asks them to, so
 * only captures the engine's quality gate passes are shown (a profile photo is not a patient who
 * refuses to look). Someone with no other usable photo comes to the visit with their enrolment
 * photo at other sizes; someone with fewer usable enrolment captures than an enrolment needs is
 * enrolled with what there is, and the enrolment says whether that is enough.
 */
export async function seated(engine: EngineAnalyzerPort, cast: CastMember[]): Promise<CastMember[]> {
  const usable = async (captures: Capture[]) => {
    const kept: Capture[] = [];
    for (const c of captures) {
      const { quality } = await engine.analyze(await captureFrame(c), { descriptor: false });
      if (quality.ok) kept.push(c);
    }
    return kept;
  };
  const out: CastMember[] = [];
  for (const member of cast) {
    const enrol = await usable(member.enrol);
    let visit = await usable(member.visit);
    if (visit.length === 0) {
      visit = await usable(
        enrol.flatMap((c) => [0.9, 0.65].map((k) => ({ path: c.path, scale: c.scale * k }))),
      );
    }
    out.push({ name: member.name, enrol, visit });
  }
  return out;
}
