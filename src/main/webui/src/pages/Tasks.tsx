import { useState } from 'preact/hooks';
import { api } from '../lib/api';
import { between, dateTime, duration, relative, shortId, taskName } from '../lib/format';
import { RESYNC } from '../lib/sse';
import {
  NOTHING,
  SEARCH_KEYS,
  ariaSort,
  bulkBody,
  confirmText,
  instantOf,
  localOf,
  narrows,
  nextSort,
  outcomeText,
  searchOf,
  selectedCount,
  toggle,
  togglePage,
  type BulkAction,
  type Selection,
  type SortColumn,
  type TaskSearch,
} from '../lib/taskActions';
import { TASK_STATUSES, type Task } from '../lib/types';
import { Bar, Empty, ErrorBox, Status, hashWith, navigate, useLive, useLoad, useThrottled, type Route } from '../ui';

const SIZE = 50;

/** Pipeline labels by id, read once per pipeline: the list links each task's pipeline by its label. */
const pipelineLabels = new Map<string, Promise<string>>();
function pipelineLabel(id: string): Promise<string> {
  if (!pipelineLabels.has(id)) {
    pipelineLabels.set(
      id,
      api.pipeline(id).then(
        (p) => p.label || `Pipeline ${shortId(id)}`,
        () => `Pipeline ${shortId(id)}`,
      ),
    );
  }
  return pipelineLabels.get(id)!;
}

/** The task list: searched, sorted, paged and kept live; tasks selected for bulk retry, cancel, delete. */
export function Tasks({ route }: { route: Route }) {
  const search = searchOf(route.query);
  const sort = route.query.get('sort') ?? '';
  const order = route.query.get('order') ?? '';
  const page = Number(route.query.get('page') ?? 0) || 0;
  const [form, setForm] = useState<TaskSearch>(search);
  const [selection, setSelection] = useState<Selection>(NOTHING);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const key = [...SEARCH_KEYS.map((k) => search[k]), sort, order, page].join('|');
  const list = useLoad(() => api.tasks({ ...search, sort, order, page, size: SIZE }), [key]);
  const modules = useLoad(() => api.modules(), []);
  const pipelineIds = [...new Set((list.value?.items ?? []).map((t) => t.pipelineId).filter((p): p is string => !!p))];
  const labels = useLoad(async () => Object.fromEntries(await Promise.all(pipelineIds.map(async (p) => [p, await pipelineLabel(p)] as const))), [pipelineIds.join(',')]);
  const reload = useThrottled(list.reload, 1000);
  useLive(
    (c) => {
      if (c.type === RESYNC) return reload();
      if (c.type !== 'task' || !list.value) return;
      const shown = list.value.items.find((t) => t.id === c.id);
      if (shown) {
        // Progress and status in place; the list itself is reloaded when membership may change.
        list.set({
          ...list.value,
          items: list.value.items.map((t) => (t.id === c.id ? { ...t, status: c.data.status, progress: c.data.progress ?? t.progress } : t)),
        });
        if (shown.status !== c.data.status) reload();
      } else if (page === 0 && (!search.status || search.status === c.data.status)) reload();
    },
    [list.value, key],
  );
  const go = (p: Record<string, string>) => {
    setSelection(NOTHING);
    navigate(hashWith('tasks', { ...search, sort, order, ...p, page: p.page ?? '' }));
  };
  const sortBy = (column: SortColumn) => go(nextSort({ sort, order }, column));
  const v = list.value;
  const pageIds = (v?.items ?? []).map((t) => t.id);
  const count = selectedCount(selection);
  const wholePage = pageIds.length > 0 && selection.kind === 'ids' && pageIds.every((id) => selection.ids.includes(id));

  const act = (action: BulkAction) => {
    if (!confirm(confirmText(action, selection))) return;
    setBusy(true);
    setActionError(null);
    setOutcome(null);
    api
      .bulkTasks(action, bulkBody(selection, search))
      .then((r) => {
        setOutcome(outcomeText(action, r));
        setSelection(NOTHING);
        list.reload();
      }, setActionError)
      .finally(() => setBusy(false));
  };

  const header = (column: SortColumn, title: string) => (
    <th aria-sort={ariaSort({ sort, order }, column)}>
      <button type="button" class="sort" onClick={() => sortBy(column)}>
        {title}
        <span aria-hidden="true">{{ ascending: ' ▲', descending: ' ▼', none: '' }[ariaSort({ sort, order }, column)]}</span>
      </button>
    </th>
  );

  return (
    <div class="page">
      <div class="page-head">
        <h1>Tasks</h1>
        <a class="button primary" href="#/new">
          New task
        </a>
      </div>
      <form
        class="filters task-search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ ...form, status: search.status, module: search.module });
        }}
      >
        <label>
          Status
          <select value={search.status} onChange={(e) => go({ status: (e.target as HTMLSelectElement).value })}>
            <option value="">any</option>
            {TASK_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Module
          <select value={search.module} onChange={(e) => go({ module: (e.target as HTMLSelectElement).value })}>
            <option value="">any</option>
            {(modules.value ?? []).map((m) => (
              <option key={m.name}>{m.name}</option>
            ))}
          </select>
        </label>
        <label>
          Label
          <input type="search" name="label" value={form.label} onInput={(e) => setForm({ ...form, label: (e.target as HTMLInputElement).value })} placeholder="part of a label" />
        </label>
        <label>
          Id
          <input type="search" name="id" value={form.id} onInput={(e) => setForm({ ...form, id: (e.target as HTMLInputElement).value })} placeholder="id or its start" />
        </label>
        <label>
          Created from
          <input
            type="datetime-local"
            name="createdFrom"
            value={localOf(form.createdFrom)}
            onInput={(e) => setForm({ ...form, createdFrom: instantOf((e.target as HTMLInputElement).value) })}
          />
        </label>
        <label>
          to
          <input
            type="datetime-local"
            name="createdTo"
            value={localOf(form.createdTo)}
            onInput={(e) => setForm({ ...form, createdTo: instantOf((e.target as HTMLInputElement).value) })}
          />
        </label>
        <button type="submit">Search</button>
        {narrows(search) && (
          <button
            type="button"
            onClick={() => {
              setForm(searchOf(new URLSearchParams()));
              navigate(hashWith('tasks', { sort, order }));
            }}
          >
            Clear
          </button>
        )}
      </form>
      <ErrorBox error={list.error} />
      <ErrorBox error={actionError} />
      {outcome && (
        <p class="notice" role="status">
          {outcome}
        </p>
      )}
      {count > 0 && (
        <div class="bulk-bar" role="region" aria-label="Selected tasks">
          <span>
            <strong>{count}</strong> {count === 1 ? 'task' : 'tasks'} selected{selection.kind === 'matching' ? ' (all matching this filter)' : ''}
          </span>
          {wholePage && v && v.total > pageIds.length && narrows(search) && (
            <button type="button" class="linklike" onClick={() => setSelection({ kind: 'matching', total: v.total })}>
              Select all {v.total} matching this filter
            </button>
          )}
          <span class="grow" />
          <button type="button" class="primary" disabled={busy} onClick={() => act('retry')}>
            Retry
          </button>
          <button type="button" class="danger" disabled={busy} onClick={() => act('cancel')}>
            Cancel
          </button>
          <button type="button" class="danger" disabled={busy} onClick={() => act('delete')}>
            Delete
          </button>
          <button type="button" disabled={busy} onClick={() => setSelection(NOTHING)}>
            Clear selection
          </button>
        </div>
      )}
      {v && v.items.length > 0 && count === 0 && narrows(search) && v.total > 0 && (
        <p class="muted small">
          <button type="button" class="linklike" onClick={() => setSelection({ kind: 'matching', total: v.total })}>
            Select all {v.total} matching this filter
          </button>
        </p>
      )}
      {v && v.items.length === 0 && <Empty>No tasks match.</Empty>}
      {v && v.items.length > 0 && (
        <div class="table-wrap">
          <table class="list tasks-table">
            <thead>
              <tr>
                <th class="pick">
                  <input
                    type="checkbox"
                    aria-label="Select every task on this page"
                    checked={selection.kind === 'matching' || wholePage}
                    onChange={() => setSelection(togglePage(selection, pageIds))}
                  />
                </th>
                <th>Task</th>
                {header('module', 'Module')}
                {header('status', 'Status')}
                <th>Pipeline</th>
                <th>Progress</th>
                {header('created', 'Created')}
                {header('finished', 'Finished')}
                <th class="num">Took</th>
              </tr>
            </thead>
            <tbody>
              {v.items.map((t: Task) => (
                <tr key={t.id} data-task={t.id}>
                  <td class="pick">
                    <input
                      type="checkbox"
                      aria-label={`Select ${taskName(t)}`}
                      checked={selection.kind === 'matching' || selection.ids.includes(t.id)}
                      onChange={() => setSelection(toggle(selection, t.id, pageIds))}
                    />
                  </td>
                  <td data-l="Task">
                    <a href={`#/tasks/${t.id}`}>{taskName(t)}</a>
                  </td>
                  <td data-l="Module">{t.module}</td>
                  <td data-l="Status">
                    <Status s={t.status} />
                  </td>
                  <td data-l="Pipeline">{t.pipelineId ? <a href={`#/pipelines/${t.pipelineId}`}>{labels.value?.[t.pipelineId] ?? shortId(t.pipelineId)}</a> : <span class="muted">—</span>}</td>
                  <td data-l="Progress">{t.status === 'RUNNING' ? <Bar fraction={t.progress?.fraction} /> : t.error?.message ? <span class="reason small">{t.error.message}</span> : ''}</td>
                  <td data-l="Created" title={dateTime(t.createdAt)}>
                    {relative(t.createdAt)}
                  </td>
                  <td data-l="Finished" title={dateTime(t.finishedAt)}>
                    {t.finishedAt ? relative(t.finishedAt) : '—'}
                  </td>
                  <td data-l="Took" class="num">
                    {t.startedAt ? duration(between(t.startedAt, t.finishedAt)) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {v && <Pager page={page} size={SIZE} total={v.total} go={(p) => go({ page: String(p) })} />}
    </div>
  );
}

export function Pager({ page, size, total, go }: { page: number; size: number; total: number; go: (p: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / size));
  if (pages <= 1) return <p class="muted small">{total} in all</p>;
  return (
    <nav class="pager" aria-label="Pages">
      <button disabled={page <= 0} onClick={() => go(page - 1)}>
        ← Previous
      </button>
      <span>
        Page {page + 1} of {pages} · {total} in all
      </span>
      <button disabled={page >= pages - 1} onClick={() => go(page + 1)}>
        Next →
      </button>
    </nav>
  );
}
