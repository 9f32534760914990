import { useState } from 'preact/hooks';
import { api } from '../lib/api';
import { between, duration, relative, taskName } from '../lib/format';
import { RESYNC } from '../lib/sse';
import { TASK_STATUSES, type Task } from '../lib/types';
import { Bar, Empty, ErrorBox, Status, hashWith, navigate, useLive, useLoad, useThrottled, type Route } from '../ui';

const SIZE = 50;

/** Filterable task list (status, module, label), newest first, kept live. */
export function Tasks({ route }: { route: Route }) {
  const status = route.query.get('status') ?? '';
  const module = route.query.get('module') ?? '';
  const label = route.query.get('label') ?? '';
  const page = Number(route.query.get('page') ?? 0) || 0;
  const [labelText, setLabelText] = useState(label);
  const list = useLoad(() => api.tasks({ status, module, label, page, size: SIZE }), [status, module, label, page]);
  const modules = useLoad(() => api.modules(), []);
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
        if (status && c.data.status !== status) reload();
        if (shown.status !== c.data.status) reload();
      } else if (page === 0 && (!status || status === c.data.status)) reload();
    },
    [list.value, status, page],
  );
  const go = (p: Record<string, string>) => navigate(hashWith('tasks', { status, module, label, ...p, page: p.page ?? '' }));
  const v = list.value;
  return (
    <div class="page">
      <div class="page-head">
        <h1>Tasks</h1>
        <a class="button primary" href="#/new">
          New task
        </a>
      </div>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          go({ label: labelText });
        }}
      >
        <label>
          Status
          <select value={status} onChange={(e) => go({ status: (e.target as HTMLSelectElement).value })}>
            <option value="">any</option>
            {TASK_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Module
          <select value={module} onChange={(e) => go({ module: (e.target as HTMLSelectElement).value })}>
            <option value="">any</option>
            {(modules.value ?? []).map((m) => (
              <option key={m.name}>{m.name}</option>
            ))}
          </select>
        </label>
        <label>
          Label
          <input type="search" value={labelText} onInput={(e) => setLabelText((e.target as HTMLInputElement).value)} placeholder="part of a label" />
        </label>
        <button type="submit">Filter</button>
      </form>
      <ErrorBox error={list.error} />
      {v && v.items.length === 0 && <Empty>No tasks match.</Empty>}
      {v && v.items.length > 0 && (
        <div class="table-wrap">
          <table class="list tasks-table">
            <thead>
              <tr>
                <th>Task</th>
                <th>Module</th>
                <th>Status</th>
                <th>Progress</th>
                <th>Created</th>
                <th class="num">Took</th>
              </tr>
            </thead>
            <tbody>
              {v.items.map((t: Task) => (
                <tr key={t.id} data-task={t.id}>
                  <td data-l="Task">
                    <a href={`#/tasks/${t.id}`}>{taskName(t)}</a>
                  </td>
                  <td data-l="Module">{t.module}</td>
                  <td data-l="Status">
                    <Status s={t.status} />
                  </td>
                  <td data-l="Progress">{t.status === 'RUNNING' ? <Bar fraction={t.progress?.fraction} /> : t.error?.message ? <span class="reason small">{t.error.message}</span> : ''}</td>
                  <td data-l="Created">{relative(t.createdAt)}</td>
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
        ← Newer
      </button>
      <span>
        Page {page + 1} of {pages} · {total} in all
      </span>
      <button disabled={page >= pages - 1} onClick={() => go(page + 1)}>
        Older →
      </button>
    </nav>
  );
}
