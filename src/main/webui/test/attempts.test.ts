import { describe, expect, it } from 'vitest';
import { attemptLabel, waited } from '../src/lib/attempts';
import type { Task } from '../src/lib/types';

const task = (t: Partial<Task>): Task => ({ id: 't', module: 'm', status: 'RUNNING', ...t }) as Task;

describe('waited', () => {
  it('counts a first run from the task’s creation', () => {
    expect(waited(task({ createdAt: '2026-01-01T00:00:00Z', queuedAt: '2026-01-01T00:00:05Z', startedAt: '2026-01-01T00:00:07Z' }))).toBe(7000);
  });

  it('leaves out the time a task sat cancelled before its retry', () => {
    const t = task({
      createdAt: '2026-01-01T00:00:00Z',
      attempts: [{ number: 1, startedAt: '2026-01-01T00:00:01Z', finishedAt: '2026-01-01T00:00:03Z', outcome: 'CANCELLED' }],
      queuedAt: '2026-01-01T00:10:00Z',
      startedAt: '2026-01-01T00:10:00.5Z',
    });
    expect(waited(t)).toBe(500);
  });

  it('counts an automatic retry from the end of the attempt before it (backoff)', () => {
    const t = task({
      createdAt: '2026-01-01T00:00:00Z',
      queuedAt: '2026-01-01T00:00:00Z',
      attempts: [{ number: 1, startedAt: '2026-01-01T00:00:01Z', finishedAt: '2026-01-01T00:00:02Z', outcome: 'FAILED' }],
      startedAt: '2026-01-01T00:00:06Z',
    });
    expect(waited(t)).toBe(4000);
  });
});

describe('attemptLabel', () => {
  it('says which attempts belong to a retry', () => {
    const attempts = [{ number: 1 }, { number: 2 }, { number: 1 }];
    expect([0, 1, 2].map((i) => attemptLabel(attempts, i, 2))).toEqual(['1 of 2', '2 of 2', '1 of 2 (retry 1)']);
  });
});
