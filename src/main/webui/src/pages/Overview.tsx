import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api';
import { applyTaskChange, initOverview, needsReload, type OverviewState } from '../lib/dashboard';
import { duration, eta, percent, relative, taskName } from '../lib/format';
import { RESYNC } from '../lib/sse';
import { TASK_STATUSES, type Task } from '../lib/types';
import { ThroughputChart } from '../ThroughputChart';
import { Bar, Empty, ErrorBox, Section, Status, useLive, useThrottled } from '../ui';

function TaskLink({ t }: { t: Task }) {
  return (
    <a href={`#/tasks/${t.id}`} class="tlink">
      {taskName(t)}
    </a>
  );
}

/** A planned task's estimate; a delayed one shows its own start already, so only its end. */
function planEta(t: Task): string {
  return eta(t.status === 'WAITING' && t.notBefore ? { estimatedFinish: t.estimatedFinish } : t);
}

/** Counts, active tasks with live progress, planned tasks in run order, recent failures. */
export function Overview() {
  const [state, setState] = useState<OverviewState | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const load = () =>
    api.dashboard().then(
      (d) => {
        setState(initOverview(d));
        setError(null);
      },
      setError,
    );
  useEffect(() => void load(), []);
  // Status changes move tasks at once (the reducer); a full reload, at most once a second,
  // brings counts and failure reasons the events do not carry. No timer runs without events.
  const reload = useThrottled(load, 1000);
  useLive((c) => {
    if (c.type === RESYNC) return reload();
    setState((s) => {
      if (!s) return s;
      if (needsReload(s, c)) reload();
      return applyTaskChange(s, c);
    });
  }, []);

  if (!state) return error ? <ErrorBox error={error} /> : <p class="loading">Loading…</p>;
  const d = state.dash;
  return (
    <div class="page overview">
      <ErrorBox error={error} />
      <div class="counts" aria-label="Tasks by status">
        {TASK_STATUSES.map((s) => (
          <a key={s} class={`count st-${s.toLowerCase()}`} href={`#/tasks?status=${s}`}>
            <span class="count-n" data-count={s}>
              {d.counts.tasks[s] ?? 0}
            </span>
            <span class="count-l">{s.toLowerCase()}</span>
          </a>
        ))}
      </div>
      <Section title="Throughput" id="throughput">
        <ThroughputChart />
      </Section>
      <div class="grid2">
        <Section title={`Running (${d.active.length} of ${d.workerSlots} slots)`} id="active">
          {d.active.length === 0 ? (
            <Empty>Nothing is running.</Empty>
          ) : (
            <ul class="rows">
              {d.active.map((t) => (
                <li key={t.id} class="row active-task" data-task={t.id}>
                  <div class="row-main">
                    <TaskLink t={t} />
                    <span class="muted">{t.module}</span>
                  </div>
                  <Bar fraction={t.progress?.fraction} label={`${taskName(t)} progress`} />
                  {t.estimatedFinish && <div class="muted small eta">{eta(t)}</div>}
                  {t.progress?.message && <div class="muted small">{t.progress.message}</div>}
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Planned (run order)" id="planned">
          {d.planned.length === 0 ? (
            <Empty>Nothing is queued.</Empty>
          ) : (
            <ol class="rows">
              {d.planned.map((t) => (
                <li key={t.id} class="row">
                  <div class="row-main">
                    <TaskLink t={t} />
                    <Status s={t.status} />
                  </div>
                  <div class="muted small">
                    {t.module}
                    {t.priority ? ` · priority ${t.priority}` : ''}
                    {t.status === 'WAITING' && t.notBefore ? ` · starts ${relative(t.notBefore)}` : ''}
                    {planEta(t) && <span class="eta"> · {planEta(t)}</span>}
                  </div>
                </li>
              ))}
            </ol>
          )}
          {(d.counts.tasks.WAITING ?? 0) > 0 && (
            <p class="muted small">
              <a href="#/tasks?status=WAITING">{d.counts.tasks.WAITING} waiting</a> for inputs or a delay.
            </p>
          )}
        </Section>
        <Section title="Recent failures" id="failures">
          {d.failures.length === 0 ? (
            <Empty>No failures.</Empty>
          ) : (
            <ul class="rows">
              {d.failures.map((t) => (
                <li key={t.id} class="row">
                  <div class="row-main">
                    <TaskLink t={t} />
                    <span class="muted small">{relative(t.finishedAt)}</span>
                  </div>
                  <div class="reason">{t.error?.message ?? (t.failedBecause ? 'an upstream task failed' : 'failed')}</div>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Recently finished" id="recent">
          {d.recent.length === 0 ? (
            <Empty>No finished tasks yet.</Empty>
          ) : (
            <ul class="rows">
              {d.recent.slice(0, 10).map((t) => (
                <li key={t.id} class="row">
                  <div class="row-main">
                    <TaskLink t={t} />
                    <Status s={t.status} />
                  </div>
                  <div class="muted small">
                    {t.module} · {relative(t.finishedAt)}
                    {t.startedAt && t.finishedAt ? ` · took ${duration(Date.parse(t.finishedAt) - Date.parse(t.startedAt))}` : ''}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      <Section title="Modules" id="module-runs" actions={<a href="#/modules">All modules</a>}>
        <div class="mini-counts">
          {Object.entries(d.counts.modules).filter(([, n]) => n > 0).map(([s, n]) => (
            <span key={s}>
              <Status s={s} /> {n}
            </span>
          ))}
          <span class="muted">
            Data: {Object.entries(d.counts.data).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(' · ')}
          </span>
        </div>
        {d.modules.length > 0 && (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th>Module</th>
                  <th class="num">Runs</th>
                  <th class="num">Succeeded</th>
                  <th class="num">Failed</th>
                  <th class="num">Success</th>
                  <th class="num">Mean time</th>
                </tr>
              </thead>
              <tbody>
                {d.modules.map((m) => (
                  <tr key={m.module}>
                    <td data-l="Module">
                      <a href={`#/tasks?module=${encodeURIComponent(m.module)}`}>{m.module}</a>
                    </td>
                    <td data-l="Runs" class="num">{m.runs}</td>
                    <td data-l="Succeeded" class="num">{m.succeeded}</td>
                    <td data-l="Failed" class="num">{m.failed}</td>
                    <td data-l="Success" class="num">{percent(m.successRate)}</td>
                    <td data-l="Mean time" class="num">{m.succeeded ? duration(m.meanMillis) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </div>
  );
}
