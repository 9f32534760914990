import { useState } from 'preact/hooks';
import { ApiError, api } from '../lib/api';
import { dateTime, relative, shortId } from '../lib/format';
import { RESYNC } from '../lib/sse';
import { outcomeText } from '../lib/taskActions';
import { TERMINAL, type DataItem, type Pipeline as P, type Task } from '../lib/types';
import { Timeline } from '../Timeline';
import { Graph, type GraphNode } from '../Graph';
import { Pager } from './Tasks';
import { Bar, Empty, ErrorBox, Section, Status, useLive, useLoad, useThrottled } from '../ui';

interface View {
  pipeline: P;
  tasks: Task[];
  items: Record<string, DataItem>;
}

async function loadView(id: string): Promise<View> {
  const pipeline = await api.pipeline(id);
  // A step's task may have been deleted (DELETE /tasks/{id}, retention): the rest still show.
  const found = await Promise.all(pipeline.steps.map((s) => api.task(s.taskId).catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e)))));
  const tasks = found.filter((t): t is Task => !!t);
  // Inputs from outside the pipeline (uploads) are drawn too; look them up for their labels.
  const outputs = new Set(tasks.flatMap((t) => Object.values(t.outputs ?? {})));
  const outside = [...new Set(tasks.flatMap((t) => Object.values(t.inputs ?? {})))].filter((i) => !outputs.has(i));
  const all = await Promise.all([...outputs, ...outside].map((i) => api.item(i).catch(() => null)));
  return { pipeline, tasks, items: Object.fromEntries(all.filter((x): x is DataItem => !!x).map((x) => [x.id, x])) };
}

/** The graph of a pipeline's tasks and data items, statuses coloured, kept live. */
export function PipelinePage({ id }: { id: string }) {
  const view = useLoad(() => loadView(id), [id]);
  const reload = useThrottled(view.reload, 500);
  const v = view.value;
  const ids = new Set(v ? [...v.tasks.map((t) => t.id), ...Object.keys(v.items)] : []);
  useLive(
    (c) => {
      if (!v) return;
      if (c.type === RESYNC) return reload();
      if (c.type === 'task' && c.id && ids.has(c.id)) {
        // Progress moves in place; a status change reloads the whole view (items change with it).
        const t = v.tasks.find((x) => x.id === c.id)!;
        view.set({ ...v, tasks: v.tasks.map((x) => (x.id === c.id ? { ...x, status: c.data.status, progress: c.data.progress ?? x.progress } : x)) });
        if (t.status !== c.data.status) reload();
      } else if (c.type === 'data' && c.id && ids.has(c.id)) reload();
    },
    [v],
  );
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);
  if (!v) return view.error ? <ErrorBox error={view.error} /> : <p class="loading">Loading…</p>;
  const unfinished = v.tasks.filter((t) => !TERMINAL.includes(t.status)).length;
  const failed = v.tasks.filter((t) => (t.status === 'FAILED' || t.status === 'CANCELLED') && !t.failedBecause).length;
  const act = (action: 'cancel' | 'retry') => {
    const name = v.pipeline.label || `pipeline ${shortId(v.pipeline.id)}`;
    const question =
      action === 'cancel'
        ? `Cancel “${name}”? Its ${unfinished} unfinished ${unfinished === 1 ? 'step is' : 'steps are'} cancelled; running ones are stopped now.`
        : `Retry the ${failed} failed ${failed === 1 ? 'step' : 'steps'} of “${name}”? The steps after them run again too.`;
    if (!confirm(question)) return;
    setBusy(true);
    setActionError(null);
    setOutcome(null);
    api
      .pipelineAction(v.pipeline.id, action)
      .then((r) => {
        setOutcome(outcomeText(action, r, 'step'));
        view.reload();
      }, setActionError)
      .finally(() => setBusy(false));
  };
  const stepOf = new Map(v.pipeline.steps.map((s) => [s.taskId, s.name]));
  const nodes: GraphNode[] = [
    ...v.tasks.map((t) => ({ id: t.id, type: 'task' as const, title: stepOf.get(t.id) ?? t.module, subtitle: t.module, status: t.status, progress: t.progress?.fraction })),
    ...Object.values(v.items).map((i) => ({ id: i.id, type: 'item' as const, title: i.label, subtitle: i.kind, status: i.status })),
  ];
  const edges = v.tasks.flatMap((t) => [
    ...Object.entries(t.inputs ?? {}).map(([port, i]) => ({ from: i, to: t.id, label: port })),
    ...Object.entries(t.outputs ?? {}).map(([port, i]) => ({ from: t.id, to: i, label: port })),
  ]);
  return (
    <div class="page">
      <div class="page-head">
        <h1>
          {v.pipeline.label || `Pipeline ${shortId(v.pipeline.id)}`} <Status s={v.pipeline.status} />
        </h1>
        <span class="muted">created {dateTime(v.pipeline.createdAt)}</span>
        <div class="actions">
          {unfinished > 0 && (
            <button class="danger" disabled={busy} onClick={() => act('cancel')}>
              Cancel pipeline
            </button>
          )}
          {failed > 0 && (
            <button class="primary" disabled={busy} onClick={() => act('retry')}>
              Retry failed steps
            </button>
          )}
        </div>
      </div>
      <ErrorBox error={view.error} />
      <ErrorBox error={actionError} />
      {outcome && (
        <p class="notice" role="status">
          {outcome}
        </p>
      )}
      <Section title="Graph" id="graph">
        <Graph nodes={nodes} edges={edges} label="Pipeline graph of tasks and data items" />
        <Legend />
      </Section>
      <Section title="Steps" id="steps">
        <ul class="rows">
          {v.pipeline.steps.map((s) => {
            const t = v.tasks.find((x) => x.id === s.taskId);
            return (
              <li key={s.name} class="row">
                <div class="row-main">
                  <a href={`#/tasks/${s.taskId}`}>{s.name}</a>
                  <span class="muted grow">{s.module}</span>
                  <Status s={t?.status ?? s.status} />
                </div>
                {t?.status === 'RUNNING' && <Bar fraction={t.progress?.fraction} />}
                {(t?.error?.message ?? s.error) && <div class="reason">{t?.error?.message ?? s.error}</div>}
              </li>
            );
          })}
        </ul>
      </Section>
      <Timeline pipeline={v.pipeline} tasks={v.tasks} />
    </div>
  );
}

function Legend() {
  return (
    <p class="legend small">
      <span class="lg lg-task">task</span> <span class="lg lg-item">data item</span> {['WAITING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'PENDING', 'AVAILABLE'].map((s) => <Status key={s} s={s} />)}
    </p>
  );
}

/** The caller's pipelines, newest first, with each step's status; kept live, filterable by label. */
export function Pipelines() {
  const [label, setLabel] = useState('');
  const [page, setPage] = useState(0);
  const size = 50;
  const list = useLoad(() => api.pipelines({ label, page, size }), [label, page]);
  const reload = useThrottled(list.reload, 1000);
  const shown = new Set((list.value?.items ?? []).flatMap((p) => p.steps.map((s) => s.taskId)));
  // A new pipeline shows up on the first page; a step of a shown pipeline changes its row.
  useLive((c) => c.type === RESYNC || (c.type === 'task' && c.data.pipelineId && (page === 0 || (c.id && shown.has(c.id)))) ? reload() : undefined, [list.value, page]);
  return (
    <div class="page">
      <div class="page-head">
        <h1>Pipelines</h1>
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            const id = (new FormData(e.target as HTMLFormElement).get('id') as string).trim();
            if (id) location.hash = `#/pipelines/${id}`;
          }}
        >
          <label>
            Label{' '}
            <input
              name="label"
              type="search"
              value={label}
              onInput={(e) => {
                setLabel((e.target as HTMLInputElement).value);
                setPage(0);
              }}
            />
          </label>
          <label>
            Open by id <input name="id" type="text" placeholder="pipeline id" />
          </label>
          <button type="submit">Open</button>
        </form>
      </div>
      <ErrorBox error={list.error} />
      {list.value && list.value.items.length === 0 && (
        <Empty>{label ? `No pipeline labelled like “${label}”.` : 'No pipelines yet. Pipelines are created with POST /api/v1/pipelines.'}</Empty>
      )}
      <ul class="rows" aria-label="pipelines">
        {(list.value?.items ?? []).map((p) => (
          <li key={p.id} class="row">
            <div class="row-main">
              <a href={`#/pipelines/${p.id}`}>{p.label || `Pipeline ${shortId(p.id)}`}</a>
              <span class="muted small grow">
                {p.steps.length} {p.steps.length === 1 ? 'step' : 'steps'} · {relative(p.createdAt)}
              </span>
              <Status s={p.status} />
            </div>
            <div class="statuses">
              {p.steps.map((s) => (
                <span key={s.name} class="step-status" title={`${s.name}: ${s.status ?? 'unknown'}`}>
                  <span class="small">{s.name}</span> <Status s={s.status ?? 'UNKNOWN'} />
                </span>
              ))}
            </div>
          </li>
        ))}
      </ul>
      {list.value && <Pager page={page} size={size} total={list.value.total} go={setPage} />}
    </div>
  );
}
