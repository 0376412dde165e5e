/**
 * Verification accuracy from scored pairs: TAR/FAR at a rule, EER, TAR at a fixed FAR, and
 * threshold selection by cross-validation over folds (choose on nine, report on the tenth).
 * A pair whose face was not found on either side has distance null: it is a rejection, never
 * skipped, so detection failures lower TAR.
 */
export interface ScoredPair {
  same: boolean;
  fold: number;
  distance: number | null;
  /** The threshold the decision rule gives this pair (quality-dependent); defaults to the sweep's. */
  threshold?: number;
}

export interface Rates {
  genuine: number;
  impostor: number;
  tar: number;
  far: number;
  falseAccepts: number;
  falseRejects: number;
}

export function ratesAt(pairs: ScoredPair[], accept: (p: ScoredPair) => boolean): Rates {
  let genuine = 0;
  let impostor = 0;
  let ta = 0;
  let fa = 0;
  for (const p of pairs) {
    const ok = p.distance !== null && accept(p);
    if (p.same) {
      genuine += 1;
      if (ok) ta += 1;
    } else {
      impostor += 1;
      if (ok) fa += 1;
    }
  }
  return {
    genuine,
    impostor,
    tar: genuine ? ta / genuine : 0,
    far: impostor ? fa / impostor : 0,
    falseAccepts: fa,
    falseRejects: genuine - ta,
  };
}

/** Rates when every pair uses its own rule threshold (`pair.threshold`). */
export function ratesAtRule(pairs: ScoredPair[]): Rates {
  return ratesAt(pairs, (p) => p.distance !== null && p.threshold !== undefined && p.distance <= p.threshold);
}

export function ratesAtThreshold(pairs: ScoredPair[], threshold: number): Rates {
  return ratesAt(pairs, (p) => p.distance !== null && p.distance <= threshold);
}

/** The largest global threshold whose FAR on these pairs is at most `maxFar`. */
export function thresholdForFar(pairs: ScoredPair[], maxFar: number): number {
  const impostor = pairs
    .filter((p) => !p.same)
    .map((p) => (p.distance === null ? Number.POSITIVE_INFINITY : p.distance));
  impostor.sort((x, y) => x - y);
  // Accept at most `allowed` impostors: stay just below the next impostor distance.
  const allowed = Math.floor(maxFar * impostor.length);
  const next = impostor[allowed];
  return next === undefined ? 2 : next - 1e-9;
}

export function tarAtFar(pairs: ScoredPair[], maxFar: number): number {
  return ratesAtThreshold(pairs, thresholdForFar(pairs, maxFar)).tar;
}

/** Equal error rate by a sweep over every observed distance. */
export function equalErrorRate(pairs: ScoredPair[]): number {
  const candidates = [
    ...new Set(pairs.filter((p) => p.distance !== null).map((p) => p.distance as number)),
  ].sort((a, b) => a - b);
  let best = { gap: Number.POSITIVE_INFINITY, eer: 1 };
  for (const t of candidates) {
    const r = ratesAtThreshold(pairs, t);
    const frr = 1 - r.tar;
    const gap = Math.abs(frr - r.far);
    if (gap < best.gap) best = { gap, eer: (frr + r.far) / 2 };
  }
  return best.eer;
}

export interface FoldResult {
  fold: number;
  threshold: number;
  tar: number;
  far: number;
}

/** For each fold: choose the global threshold on the other folds for FAR ≤ maxFar, report on this one. */
export function crossValidate(
  pairs: ScoredPair[],
  maxFar: number,
): { folds: FoldResult[]; tar: number; far: number } {
  const folds = [...new Set(pairs.map((p) => p.fold))].sort((a, b) => a - b);
  const results = folds.map((fold) => {
    const threshold = thresholdForFar(
      pairs.filter((p) => p.fold !== fold),
      maxFar,
    );
    const r = ratesAtThreshold(
      pairs.filter((p) => p.fold === fold),
      threshold,
    );
    return { fold, threshold, tar: r.tar, far: r.far };
  });
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  return { folds: results, tar: mean(results.map((r) => r.tar)), far: mean(results.map((r) => r.far)) };
}

/**
 * dlib's own LFW metric: for each fold, the threshold with the best accuracy on the other nine
 * folds, scored by accuracy ((true accepts + true rejects) / pairs) on this one; the mean over
 * folds. Comparable with the 99.38 % dlib reports for its own pipeline.
 */
export function crossValidatedAccuracy(pairs: ScoredPair[]): number {
  const folds = [...new Set(pairs.map((p) => p.fold))].sort((a, b) => a - b);
  const accuracyAt = (set: ScoredPair[], t: number): number => {
    const r = ratesAtThreshold(set, t);
    return (r.tar * r.genuine + (1 - r.far) * r.impostor) / Math.max(1, set.length);
  };
  const accuracies = folds.map((fold) => {
    const train = pairs.filter((p) => p.fold !== fold);
    const candidates = [
      ...new Set(train.filter((p) => p.distance !== null).map((p) => p.distance as number)),
    ].sort((a, b) => a - b);
    // Sweep in sorted order: accuracy changes only at observed distances.
    const sorted = train
      .filter((p) => p.distance !== null)
      .sort((a, b) => (a.distance as number) - (b.distance as number));
    const genuine = train.filter((p) => p.same).length;
    let best = { accuracy: (train.length - genuine) / Math.max(1, train.length), threshold: -1 };
    let ta = 0;
    let fa = 0;
    let k = 0;
    for (const t of candidates) {
      while (k < sorted.length && (sorted[k]?.distance as number) <= t) {
        if (sorted[k]?.same) ta += 1;
        else fa += 1;
        k += 1;
      }
      const accuracy = (ta + (train.length - genuine - fa)) / train.length;
      if (accuracy > best.accuracy) best = { accuracy, threshold: t };
    }
    return accuracyAt(
      pairs.filter((p) => p.fold === fold),
      best.threshold,
    );
  });
  return accuracies.reduce((s, x) => s + x, 0) / Math.max(1, accuracies.length);
}
