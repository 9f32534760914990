import { describe, expect, it } from 'vitest';
import { bars, niceMax, totals, type HistoryAnswer } from '../src/lib/history';

const minutes = (n: number, at: Record<number, [number, number, number | null]>): HistoryAnswer => {
  const h: HistoryAnswer = { start: '2026-01-01T10:00:00Z', bucketSeconds: 60, succeeded: [], failed: [], queued: [] };
  for (let i = 0; i < n; i++) {
    const [s, f, q] = at[i] ?? [0, 0, null];
    h.succeeded.push(s);
    h.failed.push(f);
    h.queued.push(q);
  }
  return h;
};

describe('bars', () => {
  it('keeps one bar per minute when they fit', () => {
    const b = bars(minutes(60, { 3: [2, 1, 5] }), 120);
    expect(b).toHaveLength(60);
    expect(b[3]).toMatchObject({ succeeded: 2, failed: 1, queued: 5 });
    expect(b[3].start).toBe(Date.parse('2026-01-01T10:03:00Z'));
    expect(b[3].end).toBe(Date.parse('2026-01-01T10:04:00Z'));
  });

  it('groups 6 h of minutes into 3-minute bars, summing ends and keeping the last queue sample', () => {
    const b = bars(minutes(360, { 357: [1, 0, 4], 358: [2, 1, 7], 359: [0, 3, null], 0: [5, 0, 2] }), 120);
    expect(b).toHaveLength(120);
    expect(b[119]).toMatchObject({ succeeded: 3, failed: 4, queued: 7 });
    expect(b[119].end).toBe(Date.parse('2026-01-01T16:00:00Z'));
    expect(b[0]).toMatchObject({ succeeded: 5, failed: 0, queued: 2 });
    expect(totals(b)).toEqual({ succeeded: 8, failed: 4 });
  });

  it('makes the partial group the oldest one, so the newest bar always ends now', () => {
    const b = bars(minutes(7, { 0: [1, 0, null], 6: [0, 1, null] }), 3);
    expect(b.map((x) => x.end - x.start)).toEqual([60_000, 180_000, 180_000]);
    expect(b[0].succeeded).toBe(1);
    expect(b[2].failed).toBe(1);
  });

  it('has no bars for an empty answer', () => {
    expect(bars(minutes(0, {}), 10)).toEqual([]);
  });
});

describe('niceMax', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect(niceMax([])).toBe(1);
    expect(niceMax([0, 0])).toBe(1);
    expect(niceMax([3])).toBe(5);
    expect(niceMax([7])).toBe(10);
    expect(niceMax([11])).toBe(20);
    expect(niceMax([200])).toBe(200);
    expect(niceMax([201])).toBe(500);
  });
});
