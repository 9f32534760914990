// The overview's state, moved by live task events between full reloads of /api/v1/dashboard.

import type { Change, Dashboard, Task, TaskStatus } from './types';
import { TERMINAL } from './types';

export interface OverviewState {
  dash: Dashboard;
  /** Last known status of each task seen, to move counts from the old status to the new. */
  known: Record<string, TaskStatus>;
}

export function initOverview(dash: Dashboard): OverviewState {
  const known: Record<string, TaskStatus> = {};
  for (const list of [dash.recent, dash.failures, dash.planned, dash.active]) {
    for (const t of list) known[t.id] = t.status;
  }
  return { dash, known };
}

const without = (list: Task[], id: string) => list.filter((t) => t.id !== id);

/**
 * Applies one `task` change. Counts move only when the old status is known (a task never seen
 * is counted by the next full reload); lists are kept as the dashboard endpoint builds them:
 * active = RUNNING, planned = QUEUED (then WAITING with a delay), recent = finished, newest first,
 * failures = FAILED, newest first.
 */
export function applyTaskChange(s: OverviewState, c: Change, limits = { recent: 20, failures: 10 }): OverviewState {
  if (c.type !== 'task' || !c.id) return s;
  const status = c.data.status as TaskStatus;
  const id = c.id;
  const prev = s.known[id];
  const all = [...s.dash.active, ...s.dash.planned, ...s.dash.recent, ...s.dash.failures];
  const base: Task = all.find((t) => t.id === id) ?? { id, module: String(c.data.module ?? ''), status };
  const task: Task = {
    ...base,
    status,
    module: (c.data.module as string) ?? base.module,
    label: (c.data.label as string | undefined) ?? base.label,
    attempt: (c.data.attempt as number | undefined) ?? base.attempt,
    pipelineId: (c.data.pipelineId as string | undefined) ?? base.pipelineId,
    progress: c.data.progress ?? (status === 'RUNNING' && prev !== 'RUNNING' ? undefined : base.progress),
  };
  const counts = { ...s.dash.counts.tasks };
  if (prev !== status) {
    if (prev && counts[prev] != null) counts[prev] = Math.max(0, (counts[prev] ?? 0) - 1);
    if (prev || status === 'QUEUED' || status === 'WAITING') counts[status] = (counts[status] ?? 0) + 1;
  }
  let { active, planned, recent, failures } = s.dash;
  active = without(active, id);
  planned = without(planned, id);
  if (status === 'RUNNING') active = [...s.dash.active.map((t) => (t.id === id ? task : t))].concat(s.dash.active.some((t) => t.id === id) ? [] : [task]);
  if (status === 'QUEUED') planned = [...planned, task];
  if (TERMINAL.includes(status) && prev !== status) {
    recent = [task, ...without(recent, id)].slice(0, limits.recent);
    if (status === 'FAILED') failures = [task, ...without(failures, id)].slice(0, limits.failures);
  }
  if (!TERMINAL.includes(status)) {
    recent = without(recent, id);
    failures = without(failures, id);
  }
  return {
    dash: { ...s.dash, counts: { ...s.dash.counts, tasks: counts }, active, planned, recent, failures },
    known: { ...s.known, [id]: status },
  };
}

/** Whether a change should trigger a (debounced) full reload: every status change does. */
export function needsReload(s: OverviewState, c: Change): boolean {
  if (c.type === 'task') return s.known[c.id ?? ''] !== c.data.status;
  return c.type === 'data' || c.type === 'module';
}
