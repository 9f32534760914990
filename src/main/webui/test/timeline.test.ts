import { describe, expect, it } from 'vitest';
import { timeline } from '../src/lib/timeline';

const t = (s: number) => new Date(Date.parse('2026-01-01T10:00:00Z') + s * 1000).toISOString();
const NOW = Date.parse('2026-01-01T10:01:40Z'); // +100 s

describe('timeline', () => {
  it('puts each step’s waits and run on one axis from the first creation to the last end', () => {
    const v = timeline(
      [
        { name: 'first', taskId: 'a', createdAt: t(0), queuedAt: t(0), startedAt: t(10), finishedAt: t(30) },
        { name: 'second', taskId: 'b', createdAt: t(0), queuedAt: t(30), startedAt: t(40), finishedAt: t(80) },
      ],
      NOW,
    );
    expect(v.end - v.start).toBe(80_000);
    const [first, second] = v.rows;
    expect(first.segments.map((s) => s.kind)).toEqual(['queued', 'running']);
    expect(first.waitMs).toBe(10_000);
    expect(first.runMs).toBe(20_000);
    expect(first.segments[1]).toMatchObject({ from: 10 / 80, to: 30 / 80 });
    expect(second.segments.map((s) => [s.kind, s.from, s.to])).toEqual([
      ['inputs', 0, 30 / 80],
      ['queued', 30 / 80, 40 / 80],
      ['running', 40 / 80, 1],
    ]);
    expect(second.runMs).toBe(40_000);
  });

  it('runs a running step and waits a queued one until now', () => {
    const v = timeline(
      [
        { name: 'run', taskId: 'a', createdAt: t(0), queuedAt: t(0), startedAt: t(50) },
        { name: 'wait', taskId: 'b', createdAt: t(0), queuedAt: t(60) },
      ],
      NOW,
    );
    expect(v.end).toBe(NOW);
    expect(v.rows[0].segments.at(-1)).toMatchObject({ kind: 'running', to: 1, ms: 50_000 });
    expect(v.rows[0].runMs).toBeNull();
    expect(v.rows[1].segments.map((s) => s.kind)).toEqual(['inputs', 'queued']);
    expect(v.rows[1].waitMs).toBeNull();
  });

  it('shows a step that ended without starting as what it waited', () => {
    const v = timeline([{ name: 'x', taskId: 'a', status: 'CANCELLED', createdAt: t(0), finishedAt: t(20) }], NOW);
    expect(v.rows[0].segments).toEqual([{ kind: 'inputs', from: 0, to: 1, ms: 20_000 }]);
  });

  it('has an empty axis at now for steps without times', () => {
    const v = timeline([{ name: 'x', taskId: 'a' }], NOW);
    expect(v.start).toBe(NOW);
    expect(v.rows[0].segments).toEqual([]);
  });
});
