// The throughput chart's arithmetic: minutes from the API grouped into at most a few bars.

/** GET /api/v1/dashboard/history, as the chart reads it. */
export interface HistoryAnswer {
  start: string;
  bucketSeconds: number;
  succeeded: number[];
  failed: number[];
  queued: (number | null)[];
}

/** One bar: tasks ended in it, and the last queue depth sampled in it (null: none taken). */
export interface HistoryBar {
  start: number;
  end: number;
  succeeded: number;
  failed: number;
  queued: number | null;
}

/**
 * Groups the minutes into bars of whole minutes, at most `maxBars` of them (6 h of minutes would
 * be 360 bars of 2 px): ends are summed, queue depth is the last sample in the bar. The last bar
 * ends with the current minute, so a partial group is the first one.
 */
export function bars(h: HistoryAnswer, maxBars: number): HistoryBar[] {
  const n = h.succeeded.length;
  if (n === 0) return [];
  const per = Math.max(1, Math.ceil(n / Math.max(1, maxBars)));
  const step = h.bucketSeconds * 1000;
  const t0 = Date.parse(h.start);
  const out: HistoryBar[] = [];
  // From the end backwards, so the newest bar is always a full group ending now.
  for (let hi = n; hi > 0; hi -= per) {
    const lo = Math.max(0, hi - per);
    let succeeded = 0;
    let failed = 0;
    let queued: number | null = null;
    for (let i = lo; i < hi; i++) {
      succeeded += h.succeeded[i] ?? 0;
      failed += h.failed[i] ?? 0;
      if (h.queued[i] != null) queued = h.queued[i];
    }
    out.push({ start: t0 + lo * step, end: t0 + hi * step, succeeded, failed, queued });
  }
  return out.reverse();
}

/** A round top for the axis: 1, 2, 5, 10, 20, 50, … at or above the largest value (at least 1). */
export function niceMax(values: number[]): number {
  const max = Math.max(1, ...values);
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Totals of the bars, for the chart's caption. */
export function totals(b: HistoryBar[]): { succeeded: number; failed: number } {
  return b.reduce((t, x) => ({ succeeded: t.succeeded + x.succeeded, failed: t.failed + x.failed }), { succeeded: 0, failed: 0 });
}
