/**
 * The liveness evaluation's played subjects: a patient composed from real analysed frames of one
 * person who follows the prompts (BPCER, evaluateComposedGenuine), and re-rendered photos whose
 * attacker answers each prompt with the tilt that best mimics it (APCER, evaluateWarpedAttacks).
 */
import { seededRandom } from '../../seeded-random.ts';
import { drawChallenge } from '../../liveness/challenge.ts';
import type { LivenessAction, LivenessConfig } from '../../liveness/config.ts';
import {
  bankReach,
  followPrompts,
  ineligibility,
  SimulatedPerson,
  SimulatedPhotoAttack,
  poolOf,
  DEFAULT_PERSON_POSE,
  type SubjectFrame,
  type BankReach,
  type GenuinePerson,
  type PersonPoseOptions,
  type PhotoBank,
} from './simulated-subject.ts';
import { LivenessSession } from '../../liveness/session.ts';
import { emptyTally, tally, type OutcomeTally } from './outcome-tally.ts';

interface Rate {
  runs: number;
  passes: number;
}

const bump = (table: Record<string, Rate>, key: string, passed: boolean): void => {
  const r = (table[key] ??= { runs: 0, passes: 0 });
  r.runs += 1;
  if (passed) r.passes += 1;
};

/** A fresh generator per run, drawn from the evaluation's one, so a run can be replayed exactly. */
function runSeed(random: () => number): number {
  return Math.floor(random() * 2 ** 32);
}

/** Per action: how often it was the prompt, and how often the session counted it done. */
export type ActionCounts = Record<LivenessAction, { asked: number; done: number }>;

function countActions(counts: ActionCounts, actions: readonly LivenessAction[], stepsDone: number): void {
  actions.forEach((a, i) => {
    const c = (counts[a] ??= { asked: 0, done: 0 });
    if (i <= stepsDone && i < actions.length) c.asked += 1;
    if (i < stepsDone) c.done += 1;
  });
}

export interface ComposedGenuineReport extends OutcomeTally {
  bpcer: number;
  byPerson: Record<string, Rate>;
  byChallenge: Record<string, Rate>;
  /** Per action, how often it was asked and done: which action limits the pass rate. */
  actions: ActionCounts;
  /** Challenges without a blink: every frame is a real analysed frame (placed, plus ±noisePx). */
  turnsOnly: Rate & { bpcer: number };
  /** Challenges with a blink: the blink is synthetic unless the person has a closed-eye frame. */
  withBlink: Rate & { bpcer: number };
  /** The same runs replayed with the passive signal switched off, to show what it costs. */
  passiveOff: Rate & { bpcer: number };
  /** Runs of persons with descriptors (one sitting), as played and replayed without descriptors. */
  descriptorPersons: {
    withDescriptors: Rate & { bpcer: number };
    withoutDescriptors: Rate & { bpcer: number };
  };
  blinks: { synthetic: number; real: number };
  persons: {
    total: number;
    eligible: string[];
    /** Persons whose frames cannot play every configured action, and why. */
    excluded: Record<string, string>;
    /** What each person's frames show: frontal, turned each way (≥ minTurnDeg), closed-eye. */
    pools: Record<
      string,
      { frames: number; frontal: number; left: number; right: number; closedEye: number }
    >;
  };
}

const withRate = (r: Rate): Rate & { bpcer: number } => ({
  ...r,
  bpcer: r.runs > 0 ? 1 - r.passes / r.runs : 1,
});

const count = (r: Rate, passed: boolean): void => {
  r.runs += 1;
  if (passed) r.passes += 1;
};

/**
 * `runs` random challenges, dealt round-robin over the persons whose frames can play every
 * configured action, each played by a SimulatedPerson following the prompts. Every run is replayed
 * (same seed, so the same frames) with the passive signal off, and, for persons with descriptors,
 * without them, to show what each check costs a genuine patient.
 */
export function evaluateComposedGenuine(
  persons: GenuinePerson[],
  config: LivenessConfig,
  runs: number,
  random: () => number,
  options: PersonPoseOptions = DEFAULT_PERSON_POSE,
): ComposedGenuineReport {
  const pools = new Map(persons.map((p) => [p, poolOf(p, options)] as const));
  const excluded: Record<string, string> = {};
  const summary: ComposedGenuineReport['persons']['pools'] = {};
  const eligible: GenuinePerson[] = [];
  for (const [person, pool] of pools) {
    summary[person.name] = {
      frames: person.frames.length,
      frontal: pool.frontal.length,
      left: pool.turned[1].length,
      right: pool.turned[-1].length,
      closedEye: pool.closed.length,
    };
    const why = ineligibility(pool, config.actions);
    if (why) excluded[person.name] = why;
    else eligible.push(person);
  }
  const total = emptyTally();
  const byPerson: Record<string, Rate> = {};
  const byChallenge: Record<string, Rate> = {};
  const actions = {} as ActionCounts;
  const turnsOnly: Rate = { runs: 0, passes: 0 };
  const withBlink: Rate = { runs: 0, passes: 0 };
  const passiveOff: Rate = { runs: 0, passes: 0 };
  const withDescriptors: Rate = { runs: 0, passes: 0 };
  const withoutDescriptors: Rate = { runs: 0, passes: 0 };
  const blinks = { synthetic: 0, real: 0 };
  const noPassive: LivenessConfig = { ...config, passive: { ...config.passive, enabled: false } };
  for (let run = 0; run < runs && eligible.length > 0; run += 1) {
    const person = eligible[run % eligible.length] as GenuinePerson;
    const pool = pools.get(person) as ReturnType<typeof poolOf>;
    const challenge = drawChallenge(config, random);
    const seed = runSeed(random);
    const play = (c: LivenessConfig, who: GenuinePerson = person) => {
      const r = seededRandom(seed);
      const subject = new SimulatedPerson(who, pool, r, options);
      return { ...followPrompts(subject, new LivenessSession(challenge, c), c, r), subject };
    };
    const { verdict, stepsDone, subject } = play(config);
    blinks.synthetic += subject.stats.syntheticBlinks;
    blinks.real += subject.stats.realBlinks;
    tally(total, verdict);
    const passed = verdict.status === 'live';
    bump(byPerson, person.name, passed);
    bump(byChallenge, challenge.actions.join('+'), passed);
    countActions(actions, challenge.actions, stepsDone);
    count(challenge.actions.includes('blink') ? withBlink : turnsOnly, passed);
    count(passiveOff, play(noPassive).verdict.status === 'live');
    if (person.descriptors) {
      count(withDescriptors, passed);
      count(withoutDescriptors, play(config, { ...person, descriptors: false }).verdict.status === 'live');
    }
  }
  return {
    ...total,
    bpcer: total.runs > 0 ? 1 - total.passes / total.runs : 1,
    byPerson,
    byChallenge,
    actions,
    turnsOnly: withRate(turnsOnly),
    withBlink: withRate(withBlink),
    passiveOff: withRate(passiveOff),
    descriptorPersons: {
      withDescriptors: withRate(withDescriptors),
      withoutDescriptors: withRate(withoutDescriptors),
    },
    blinks,
    persons: { total: persons.length, eligible: eligible.map((p) => p.name), excluded, pools: summary },
  };
}

export interface WarpedAttackReport extends OutcomeTally {
  apcer: number;
  bySource: Record<string, OutcomeTally>;
  /** Engine frames behind each bank (all movements) and how many of them had a face. */
  frames: Record<string, { rendered: number; withFace: number }>;
  /** What the attacker's movements did to the measured yaw and EAR, per bank. */
  reach: Record<string, BankReach>;
  /** Per action, how often it was asked and how often the attacker got it counted as done. */
  actions: ActionCounts;
  /**
   * The same runs replayed with the frames' descriptors removed: what the geometry alone stops,
   * e.g. if the kiosk did not describe every frame or the continuity limit were loosened.
   */
  withoutDescriptors: Rate & { apcer: number; reasons: Record<string, number>; actions: ActionCounts };
}

function withoutDescriptors(bank: PhotoBank): PhotoBank {
  const strip = (frames: SubjectFrame[]): SubjectFrame[] =>
    frames.map((f) => {
      if (!f.face) return f;
      const { descriptor: _, ...face } = f.face;
      return { ...f, face };
    });
  return {
    name: bank.name,
    sway: strip(bank.sway),
    tiltPositive: strip(bank.tiltPositive),
    tiltNegative: strip(bank.tiltNegative),
    pitch: strip(bank.pitch),
  };
}

/** `runsPerBank` challenges per re-rendered photo, each answered by a SimulatedPhotoAttack. */
export function evaluateWarpedAttacks(
  banks: PhotoBank[],
  config: LivenessConfig,
  runsPerBank: number,
  random: () => number,
): WarpedAttackReport {
  const total = emptyTally();
  const bySource: Record<string, OutcomeTally> = {};
  const frames: WarpedAttackReport['frames'] = {};
  const reach: WarpedAttackReport['reach'] = {};
  const actions = {} as ActionCounts;
  const bare = { ...emptyTally(), actions: {} as ActionCounts };
  for (const bank of banks) {
    const stripped = withoutDescriptors(bank);
    const all = [...bank.sway, ...bank.tiltPositive, ...bank.tiltNegative, ...bank.pitch];
    frames[bank.name] = { rendered: all.length, withFace: all.filter((f) => f.face !== null).length };
    reach[bank.name] = bankReach(bank);
    const t = emptyTally();
    for (let run = 0; run < runsPerBank && bank.sway.length > 0; run += 1) {
      const challenge = drawChallenge(config, random);
      const seed = runSeed(random);
      const play = (b: PhotoBank) => {
        const r = seededRandom(seed);
        return followPrompts(
          new SimulatedPhotoAttack(b, r),
          new LivenessSession(challenge, config),
          config,
          r,
        );
      };
      const { verdict, stepsDone } = play(bank);
      tally(t, verdict);
      tally(total, verdict);
      countActions(actions, challenge.actions, stepsDone);
      const replay = play(stripped);
      tally(bare, replay.verdict);
      countActions(bare.actions, challenge.actions, replay.stepsDone);
    }
    bySource[bank.name] = t;
  }
  return {
    ...total,
    apcer: total.runs > 0 ? total.passes / total.runs : 0,
    bySource,
    frames,
    reach,
    actions,
    withoutDescriptors: {
      runs: bare.runs,
      passes: bare.passes,
      apcer: bare.runs > 0 ? bare.passes / bare.runs : 0,
      reasons: bare.reasons,
      actions: bare.actions,
    },
  };
}
