import { describe, expect, it } from 'vitest';
import { latest } from '../src/lib/detection';
import type { Detection } from '../src/lib/types';

const pass = (id: string, state: string, startedAt: string): Detection => ({ id, state, startedAt });

describe('latest detection', () => {
  it('takes whichever view exists', () => {
    const a = pass('a', 'RUNNING', '2026-11-24T10:00:00Z');
    expect(latest(a, null)).toBe(a);
    expect(latest(null, a)).toBe(a);
    expect(latest(null, null)).toBeNull();
  });
  it('keeps FINISHED for one pass, whichever arrived last', () => {
    const running = pass('a', 'RUNNING', '2026-11-24T10:00:00Z');
    const finished = { ...running, state: 'FINISHED', finishedAt: '2026-11-24T10:00:05Z' };
    expect(latest(finished, running)).toBe(finished);
    expect(latest(running, finished)).toBe(finished);
  });
  it('prefers the pass started last', () => {
    const old = { ...pass('a', 'FINISHED', '2026-11-24T10:00:00Z'), finishedAt: '2026-11-24T10:00:05Z' };
    const next = pass('b', 'RUNNING', '2026-11-24T10:01:00Z');
    expect(latest(old, next)).toBe(next);
    expect(latest(next, old)).toBe(next);
  });
});
