import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../lib/api';
import { between, dateTime, duration, eta, relative, shortId, taskName } from '../lib/format';
import { RESYNC } from '../lib/sse';
import { attemptLabel, waited } from '../lib/attempts';
import { TERMINAL, type DataItem, type Task } from '../lib/types';
import { Graph, type GraphNode } from '../Graph';
import { RetryWithChanges } from './RetryWithChanges';
import { Bar, ErrorBox, KV, Section, Status, useLive, useLoad, useThrottled } from '../ui';
import { LogView } from '../LogView';

/** One task: status, progress, inputs/outputs, params, attempts and timings, the log, actions. */
export function TaskPage({ id }: { id: string }) {
  const task = useLoad(() => api.task(id), [id]);
  const t = task.value;
  const pipeline = useLoad(() => (t?.pipelineId ? api.pipeline(t.pipelineId).catch(() => null) : Promise.resolve(null)), [t?.pipelineId]);
  const ids = t ? [...Object.values(t.inputs ?? {}), ...Object.values(t.outputs ?? {})] : [];
  const items = useLoad(async () => {
    const found = await Promise.all(ids.map((i) => api.item(i).catch(() => null)));
    return Object.fromEntries(found.filter((x): x is DataItem => !!x).map((x) => [x.id, x]));
  }, [ids.join(',')]);
  const [actionError, setActionError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const reloadTask = useThrottled(task.reload, 300);
  const reloadItems = useThrottled(items.reload, 300);
  useLive(
    (c) => {
      if (c.type === RESYNC) {
        reloadTask();
        reloadItems();
      } else if (c.type === 'task' && c.id === id && t) {
        task.set({ ...t, status: c.data.status, progress: c.data.progress ?? t.progress, attempt: c.data.attempt ?? t.attempt });
        if (c.data.status !== t.status) reloadTask();
      } else if (c.type === 'data' && c.id && ids.includes(c.id)) reloadItems();
    },
    [id, t, ids.join(',')],
  );

  const act = (what: 'cancel' | 'retry') => {
    if (what === 'cancel' && !confirm(`Cancel “${t ? taskName(t) : id}”?${t?.status === 'RUNNING' ? ' Its process is stopped now.' : ''} Tasks that need its outputs fail too.`)) return;
    setBusy(true);
    setActionError(null);
    (what === 'cancel' ? api.cancelTask(id) : api.retryTask(id))
      .then((updated) => task.set(updated), setActionError)
      .finally(() => setBusy(false));
  };

  if (!t) return task.error ? <ErrorBox error={task.error} /> : <p class="loading">Loading…</p>;
  const running = t.status === 'RUNNING';
  const canCancel = !TERMINAL.includes(t.status);
  const canRetry = t.status === 'FAILED' || t.status === 'CANCELLED';
  const itemMap = items.value ?? {};
  // The API lists finished attempts; the one running now is shown from the task itself.
  const attempts = [...(t.attempts ?? [])];
  if (running && !attempts.some((a) => a.number === t.attempt && !a.finishedAt && a.startedAt === t.startedAt) && t.startedAt) {
    attempts.push({ number: t.attempt ?? attempts.length + 1, startedAt: t.startedAt, outcome: 'RUNNING' });
  }
  const nodes: GraphNode[] = [
    { id: t.id, type: 'task', title: taskName(t), subtitle: t.module, status: t.status, progress: t.progress?.fraction, highlight: true },
    ...ids.map((i) => {
      const it = itemMap[i];
      return { id: i, type: 'item' as const, title: it?.label ?? shortId(i), subtitle: it?.kind ?? 'item', status: it?.status };
    }),
  ];
  const edges = [
    ...Object.entries(t.inputs ?? {}).map(([port, i]) => ({ from: i, to: t.id, label: port })),
    ...Object.entries(t.outputs ?? {}).map(([port, i]) => ({ from: t.id, to: i, label: port })),
  ];
  return (
    <div class="page">
      <div class="page-head">
        <h1>
          {taskName(t)} <Status s={t.status} />
        </h1>
        <div class="actions">
          {canCancel && (
            <button class="danger" disabled={busy} onClick={() => act('cancel')}>
              Cancel
            </button>
          )}
          {canRetry && (
            <button class="primary" disabled={busy} onClick={() => act('retry')}>
              Retry
            </button>
          )}
          {canRetry && <RetryWithChanges task={t} onRetried={task.set} />}
          <a class="button" href={`#/new?from=${t.id}`}>
            Run again…
          </a>
        </div>
      </div>
      <ErrorBox error={actionError} />
      {running && <Bar fraction={t.progress?.fraction} label="task progress" />}
      {running && t.progress?.message && <p class="muted">{t.progress.message}</p>}
      {t.status === 'CANCELLED' ? (
        <div class="notice" role="status">
          <strong>Cancelled</strong>
          {t.cancelledBy ? ` by ${t.cancelledBy}` : ''}
          {t.finishedAt ? ` ${relative(t.finishedAt)}` : ''}. Retry runs it again.
        </div>
      ) : t.error?.message && (
        <div class="error" role="alert">
          <strong>Failed:</strong> {t.error.message}
          {t.error.exitCode != null && ` (exit code ${t.error.exitCode})`}
          {t.failedBecause && (
            <>
              {' '}
              — because of <a href={`#/tasks/${t.failedBecause}`}>task {shortId(t.failedBecause)}</a>
            </>
          )}
        </div>
      )}
      <div class="grid2">
        <Section title="Details" id="details">
          <KV
            rows={[
              ['Id', <code>{t.id}</code>],
              ['Module', <a href="#/modules">{`${t.module}${t.moduleVersion ? ` ${t.moduleVersion}` : ''}`}</a>],
              ['Priority', t.priority ?? 0],
              ['Attempt', `${t.attempt ?? 0} of ${t.maxAttempts ?? 1}`],
              ['Timeout', duration((t.timeoutSeconds ?? 0) * 1000)],
              ['Created', dateTime(t.createdAt)],
              ['Queued', dateTime(t.queuedAt)],
              ['Started', dateTime(t.startedAt)],
              ['Finished', dateTime(t.finishedAt)],
              ['Waited', duration(waited(t))],
              ['Ran', t.startedAt ? duration(between(t.startedAt, t.finishedAt)) : '—'],
              ...(t.notBefore && t.status === 'WAITING' ? ([['Not before', `${dateTime(t.notBefore)} (${relative(t.notBefore)})`]] as [string, string][]) : []),
              ...(eta(t) ? ([['Estimate', eta(t)]] as [string, string][]) : []),
              ...(t.pipelineId
                ? ([['Pipeline', <a href={`#/pipelines/${t.pipelineId}`}>{pipeline.value?.label || `pipeline ${shortId(t.pipelineId)}`}</a>]] as [string, any][])
                : []),
              ...(t.reusedFrom
                ? ([['Reused from', <span>the result of <a href={`#/tasks/${t.reusedFrom}`}>task {shortId(t.reusedFrom)}</a> (the module did not run)</span>]] as [string, any][])
                : t.reuse
                  ? ([['Reuse', 'asked: an earlier identical result is taken when one exists']] as [string, string][])
                  : []),
            ]}
          />
        </Section>
        <Section title="Inputs and outputs" id="io">
          <Ports title="Inputs" ports={t.inputs} items={itemMap} />
          <Ports title="Outputs" ports={t.outputs} items={itemMap} cancelled={t.status === 'CANCELLED'} />
          <Graph nodes={nodes} edges={edges} label="Task inputs and outputs" />
        </Section>
      </div>
      <Section title="Params" id="params">
        <pre class="code">{JSON.stringify(t.params ?? {}, null, 2)}</pre>
      </Section>
      <Section title="Attempts" id="attempts">
        {attempts.length === 0 ? (
          <p class="empty">Not started yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Attempt</th>
                  <th>Started</th>
                  <th>Took</th>
                  <th>Outcome</th>
                  <th>Exit</th>
                  <th>Message</th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((a, i) => (
                  <tr key={i}>
                    <td data-l="#">{i + 1}</td>
                    <td data-l="Attempt">{attemptLabel(attempts, i, t.maxAttempts ?? 1)}</td>
                    <td data-l="Started">{dateTime(a.startedAt)}</td>
                    <td data-l="Took">{duration(between(a.startedAt, a.finishedAt))}</td>
                    <td data-l="Outcome">
                      <Status s={a.outcome ?? 'RUNNING'} />
                    </td>
                    <td data-l="Exit">{a.exitCode ?? '—'}</td>
                    <td data-l="Message">{a.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Log task={t} />
    </div>
  );
}

function Ports({ title, ports, items, cancelled }: { title: string; ports?: Record<string, string>; items: Record<string, DataItem>; cancelled?: boolean }) {
  const entries = Object.entries(ports ?? {});
  return (
    <>
      <h3>{title}</h3>
      {entries.length === 0 ? (
        <p class="empty">none</p>
      ) : (
        <ul class="ports">
          {entries.map(([port, itemId]) => {
            const it = items[itemId];
            return (
              <li key={port}>
                <span class="port">{port}</span> <a href={`#/data/${itemId}`}>{it?.label ?? shortId(itemId)}</a> {it && (cancelled && it.status === 'FAILED' ? <span class="muted small">not produced (cancelled)</span> : <Status s={it.status} />)}{' '}
                {it && <span class="muted small">{it.kind}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

/**
 * The module's output. The API has no log stream, so while the task runs the log is read again
 * every 2 s (and at each progress event); it stops when the task finishes.
 */
function Log({ task }: { task: Task }) {
  const [text, setText] = useState<string>('');
  const [error, setError] = useState<Error | null>(null);
  const pre = useRef<HTMLPreElement>(null);
  const running = task.status === 'RUNNING';
  const started = (task.attempts ?? []).length > 0 || running;
  const progressKey = `${task.status}:${task.progress?.fraction ?? ''}:${task.attempt}`;
  useEffect(() => {
    if (!started) return;
    let stop = false;
    const read = () =>
      api.taskLog(task.id).then(
        (t) => {
          if (stop) return;
          const el = pre.current;
          const atEnd = !el || el.scrollTop + el.clientHeight >= el.scrollHeight - 24;
          setText(t);
          setError(null);
          if (atEnd && el) requestAnimationFrame(() => (el.scrollTop = el.scrollHeight));
        },
        (e) => !stop && setError(e),
      );
    read();
    const timer = running ? window.setInterval(read, 2000) : undefined;
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [task.id, progressKey, started]);
  return (
    <Section title={running ? 'Log (following)' : 'Log'} id="log">
      <ErrorBox error={error} />
      {!started ? (
        <p class="empty">The task has not started yet.</p>
      ) : (
        <LogView text={text} label="task log" file={`task-${task.id}.log`} preRef={pre} />
      )}
    </Section>
  );
}
