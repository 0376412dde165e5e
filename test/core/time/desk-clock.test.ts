/**
 * The desk's clock: measured from a start it can vouch for, never from the wall clock alone. Wall
 * and monotonic time are separate hands here, moved as a user (or NTP) would move them.
 */
import { describe, expect, it } from 'vitest';
import { DeskClock, type TimeSource } from '../../../src/core/time/desk-clock.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const T0 = Date.parse('2026-12-02T08:00:00.000Z');

/** A wall clock and a monotonic clock, each moved by hand. */
function hands(wallStart = T0) {
  let wall = wallStart;
  let mono = 5_000;
  const source: TimeSource = { wall: { now: () => new Date(wall) }, monotonicMs: () => mono };
  return {
    source,
    /** Real time passes: both hands move. */
    pass(ms: number) {
      wall += ms;
      mono += ms;
    },
    /** Someone sets the wall clock; no time passes. */
    setWall(ms: number) {
      wall = ms;
    },
  };
}

describe('DeskClock', () => {
  it('a brand-new desk trusts its wall clock and then counts monotonic time only', () => {
    const h = hands();
    const clock = new DeskClock(h.source, null);
    expect(clock.verdict).toEqual({ trusted: true });
    h.pass(90 * MIN);
    expect(clock.now().toISOString()).toBe('2026-12-02T09:30:00.000Z');
    h.setWall(T0 + 6 * 365 * DAY);
    expect(clock.now().toISOString()).toBe('2026-12-02T09:30:00.000Z');
    h.setWall(T0 - 60 * MIN);
    h.pass(MIN);
    expect(clock.now().toISOString()).toBe('2026-12-02T09:31:00.000Z');
  });

  it('a wall clock moved while running is reported once per change, and the desk keeps its time', () => {
    const h = hands();
    const clock = new DeskClock(h.source, T0 - DAY);
    h.pass(MIN);
    expect(clock.drift()).toBeNull();
    // NTP's few seconds are not a change.
    h.setWall(T0 + MIN + 20_000);
    expect(clock.drift()).toBeNull();
    h.setWall(T0 + MIN + 6 * 365 * DAY);
    expect(clock.drift()).toEqual({ byMs: 6 * 365 * DAY });
    h.pass(10 * MIN);
    expect(clock.drift()).toBeNull();
    h.setWall(T0 + 11 * MIN - 60 * MIN);
    expect(clock.drift()).toEqual({ byMs: -60 * MIN });
    h.setWall(T0 + 11 * MIN);
    expect(clock.drift()).toBeNull();
    expect(clock.now().toISOString()).toBe('2026-12-02T08:11:00.000Z');
  });

  it('a wall clock behind the mark at start is set back: the desk starts from the mark, untrusted', () => {
    const mark = T0;
    const h = hands(T0 - 60 * MIN);
    const clock = new DeskClock(h.source, mark);
    expect(clock.verdict).toMatchObject({ trusted: false, kind: 'behind', byMs: 60 * MIN });
    expect(clock.now().getTime()).toBe(mark);
    h.pass(MIN);
    expect(clock.now().getTime()).toBe(mark + MIN);
  });

  it('a few minutes behind the mark is a clock adjustment, not an anomaly, and time still never runs back', () => {
    const h = hands(T0 - MIN);
    const clock = new DeskClock(h.source, T0);
    expect(clock.verdict).toEqual({ trusted: true });
    expect(clock.now().getTime()).toBe(T0);
  });

  it('past the mark by more than two weeks is not believed; a weekend is', () => {
    const weekend = new DeskClock(hands(T0 + 3 * DAY).source, T0);
    expect(weekend.verdict).toEqual({ trusted: true });
    const sixYears = new DeskClock(hands(T0 + 6 * 365 * DAY).source, T0);
    expect(sixYears.verdict).toMatchObject({ trusted: false, kind: 'ahead', byMs: 6 * 365 * DAY });
    // It cannot know the true time, so it shows the wall's; what it refuses is to act on it.
    expect(sixYears.now().getTime()).toBe(T0 + 6 * 365 * DAY);
  });

  it('an admin confirming the wall clock restarts the desk from it, trusted, and says by how much', () => {
    const h = hands(T0 - 3 * 60 * MIN);
    const clock = new DeskClock(h.source, T0);
    expect(clock.verdict.trusted).toBe(false);
    h.pass(MIN);
    expect(clock.confirm()).toEqual({ movedByMs: -3 * 60 * MIN });
    expect(clock.verdict).toEqual({ trusted: true });
    expect(clock.now().getTime()).toBe(T0 - 3 * 60 * MIN + MIN);
    expect(clock.drift()).toBeNull();
  });
});
