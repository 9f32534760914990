import { describe, expect, it } from 'vitest';
import { applyTaskChange, initOverview, needsReload } from '../src/lib/dashboard';
import type { Dashboard, Task } from '../src/lib/types';

const task = (id: string, status: Task['status'], extra: Partial<Task> = {}): Task => ({ id, module: 'm', status, ...extra });

function dash(over: Partial<Dashboard> = {}): Dashboard {
  return {
    counts: { tasks: { WAITING: 0, QUEUED: 1, RUNNING: 1, SUCCEEDED: 3, FAILED: 1, CANCELLED: 0 }, data: {}, modules: {} },
    active: [task('r1', 'RUNNING', { progress: { fraction: 0.2 } })],
    planned: [task('q1', 'QUEUED')],
    recent: [task('s1', 'SUCCEEDED')],
    failures: [task('f1', 'FAILED', { error: { message: 'boom' } })],
    modules: [],
    workerSlots: 2,
    ...over,
  };
}

const ev = (id: string, status: string, data: Record<string, unknown> = {}) => ({ type: 'task', id, data: { id, status, module: 'm', ...data } });

describe('overview reducer', () => {
  it('moves progress of a running task in place', () => {
    const s = applyTaskChange(initOverview(dash()), ev('r1', 'RUNNING', { progress: { fraction: 0.7, message: 'half' } }));
    expect(s.dash.active).toHaveLength(1);
    expect(s.dash.active[0].progress).toEqual({ fraction: 0.7, message: 'half' });
    expect(s.dash.counts.tasks.RUNNING).toBe(1);
  });

  it('moves a queued task to running, and counts it', () => {
    const s = applyTaskChange(initOverview(dash()), ev('q1', 'RUNNING'));
    expect(s.dash.planned).toEqual([]);
    expect(s.dash.active.map((t) => t.id)).toEqual(['r1', 'q1']);
    expect(s.dash.counts.tasks.QUEUED).toBe(0);
    expect(s.dash.counts.tasks.RUNNING).toBe(2);
  });

  it('moves a finished task to recent (newest first) and a failed one to failures too', () => {
    let s = applyTaskChange(initOverview(dash()), ev('r1', 'SUCCEEDED'));
    expect(s.dash.active).toEqual([]);
    expect(s.dash.recent.map((t) => t.id)).toEqual(['r1', 's1']);
    expect(s.dash.counts.tasks.SUCCEEDED).toBe(4);
    s = applyTaskChange(s, ev('q1', 'RUNNING'));
    s = applyTaskChange(s, ev('q1', 'FAILED'));
    expect(s.dash.failures.map((t) => t.id)).toEqual(['q1', 'f1']);
    expect(s.dash.recent.map((t) => t.id)).toEqual(['q1', 'r1', 's1']);
    expect(s.dash.counts.tasks).toMatchObject({ QUEUED: 0, RUNNING: 0, FAILED: 2, SUCCEEDED: 4 });
  });

  it('adds a new queued task at the end of the plan and counts it', () => {
    const s = applyTaskChange(initOverview(dash()), ev('n1', 'QUEUED'));
    expect(s.dash.planned.map((t) => t.id)).toEqual(['q1', 'n1']);
    expect(s.dash.counts.tasks.QUEUED).toBe(2);
  });

  it('does not count a task of unknown previous status that shows up running', () => {
    const s = applyTaskChange(initOverview(dash()), ev('x', 'RUNNING'));
    expect(s.dash.active.map((t) => t.id)).toContain('x');
    expect(s.dash.counts.tasks.RUNNING).toBe(1);
  });

  it('takes a retried task out of failures', () => {
    const s = applyTaskChange(initOverview(dash()), ev('f1', 'WAITING'));
    expect(s.dash.failures).toEqual([]);
    expect(s.dash.counts.tasks.FAILED).toBe(0);
    expect(s.dash.counts.tasks.WAITING).toBe(1);
  });

  it('caps recent and failures', () => {
    let s = initOverview(dash({ recent: [], failures: [], active: [], planned: [] }));
    for (let i = 0; i < 30; i++) s = applyTaskChange(s, ev(`t${i}`, 'FAILED'), { recent: 20, failures: 10 });
    expect(s.dash.recent).toHaveLength(20);
    expect(s.dash.failures).toHaveLength(10);
    expect(s.dash.failures[0].id).toBe('t29');
  });

  it('ignores other event types and asks for a reload on status changes only', () => {
    const s0 = initOverview(dash());
    expect(applyTaskChange(s0, { type: 'data', id: 'd', data: { status: 'AVAILABLE' } })).toBe(s0);
    expect(needsReload(s0, ev('r1', 'RUNNING', { progress: { fraction: 0.9 } }))).toBe(false);
    expect(needsReload(s0, ev('r1', 'SUCCEEDED'))).toBe(true);
    expect(needsReload(s0, { type: 'module', id: 'm', data: { status: 'AVAILABLE' } })).toBe(true);
  });
});
