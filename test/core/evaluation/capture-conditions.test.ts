import { describe, expect, it } from 'vitest';
import { CONDITIONS, degrade } from '../../../src/core/evaluation/capture-conditions.ts';
import { fixtureBytes } from '../../support/frames.ts';

const mean = (xs: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < xs.length; i += 1) s += xs[i] as number;
  return s / xs.length;
};

describe('degraded capture conditions', () => {
  const photo = fixtureBytes('obama/obama_small.jpg');

  it('is reproducible: the same image and seed give the same pixels', async () => {
    for (const condition of CONDITIONS) {
      const a = await degrade(photo, condition, 'obama_small', 120);
      const b = await degrade(photo, condition, 'obama_small', 120);
      expect(Buffer.from(a.data).equals(Buffer.from(b.data)), condition).toBe(true);
    }
  });

  it('does what each condition says', async () => {
    const clean = await degrade(photo, 'clean', 's', 120);
    const grey = await degrade(photo, 'grey', 's', 120);
    const dim = await degrade(photo, 'dim', 's', 120);
    const far = await degrade(photo, 'lowres', 's', 120);
    expect(grey.data[0]).toBe(grey.data[1]);
    expect(grey.data[3000]).toBe(grey.data[3002]);
    expect(mean(dim.data)).toBeLessThan(mean(clean.data) * 0.45);
    // A 120 px face shrunk to 60–90 px: the photo shrinks by 0.5–0.75 and sits in a 640×480 frame.
    expect([far.width, far.height]).toEqual([640, 480]);
  });
});
