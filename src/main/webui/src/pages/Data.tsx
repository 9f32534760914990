import { useRef, useState } from 'preact/hooks';
import { api, upload } from '../lib/api';
import { bytes, percent, relative } from '../lib/format';
import { RESYNC } from '../lib/sse';
import { instantOf, localOf } from '../lib/taskActions';
import { DATA_KINDS, DATA_STATUSES, type DataItem } from '../lib/types';
import { Empty, ErrorBox, Status, hashWith, navigate, useLive, useLoad, useThrottled, type Route } from '../ui';
import { Pager } from './Tasks';

const SIZE = 50;

interface Upload {
  key: number;
  name: string;
  loaded: number;
  total: number;
  item?: DataItem;
  error?: string;
  abort?: () => void;
}

/** Data items with kind/status/label filters, and drag-and-drop upload with progress. */
export function Data({ route }: { route: Route }) {
  const kind = route.query.get('kind') ?? '';
  const status = route.query.get('status') ?? '';
  const label = route.query.get('label') ?? '';
  const tag = route.query.get('tag') ?? '';
  const id = route.query.get('id') ?? '';
  const createdFrom = route.query.get('createdFrom') ?? '';
  const createdTo = route.query.get('createdTo') ?? '';
  const page = Number(route.query.get('page') ?? 0) || 0;
  const [labelText, setLabelText] = useState(label);
  // Searched as the task list is: an id or its start, and a creation range.
  const [created, setCreated] = useState({ id, createdFrom, createdTo });
  const list = useLoad(() => api.data({ kind, status, label, tag, id, createdFrom, createdTo, page, size: SIZE }), [kind, status, label, tag, id, createdFrom, createdTo, page]);
  const reload = useThrottled(list.reload, 1000);
  useLive(
    (c) => {
      if (c.type === RESYNC) return reload();
      if (c.type !== 'data' || !list.value) return;
      const shown = list.value.items.some((i) => i.id === c.id);
      if (shown || page === 0) reload();
    },
    [list.value, page],
  );
  const go = (p: Record<string, string>) => navigate(hashWith('data', { kind, status, label, tag, id, createdFrom, createdTo, ...p, page: p.page ?? '' }));
  const v = list.value;
  return (
    <div class="page">
      <div class="page-head">
        <h1>Data</h1>
      </div>
      <Uploader onDone={list.reload} />
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          go({ label: labelText, ...created });
        }}
      >
        <label>
          Kind
          <select value={kind} onChange={(e) => go({ kind: (e.target as HTMLSelectElement).value })}>
            <option value="">any</option>
            {DATA_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => go({ status: (e.target as HTMLSelectElement).value })}>
            <option value="">any</option>
            {DATA_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Label
          <input type="search" value={labelText} onInput={(e) => setLabelText((e.target as HTMLInputElement).value)} placeholder="part of a label" />
        </label>
        <label>
          Id
          <input type="search" name="id" value={created.id} onInput={(e) => setCreated({ ...created, id: (e.target as HTMLInputElement).value })} placeholder="id or its start" />
        </label>
        <label>
          Created from
          <input type="datetime-local" name="createdFrom" value={localOf(created.createdFrom)} onInput={(e) => setCreated({ ...created, createdFrom: instantOf((e.target as HTMLInputElement).value) })} />
        </label>
        <label>
          to
          <input type="datetime-local" name="createdTo" value={localOf(created.createdTo)} onInput={(e) => setCreated({ ...created, createdTo: instantOf((e.target as HTMLInputElement).value) })} />
        </label>
        <button type="submit">Filter</button>
        {tag && (
          <button type="button" onClick={() => go({ tag: '' })}>
            Tag “{tag}” ✕
          </button>
        )}
      </form>
      <ErrorBox error={list.error} />
      {v && v.items.length === 0 && <Empty>No data items match.</Empty>}
      {v && v.items.length > 0 && (
        <div class="table-wrap">
          <table class="list data-table">
            <thead>
              <tr>
                <th>Label</th>
                <th>Kind</th>
                <th>Status</th>
                <th class="num">Size</th>
                <th>Origin</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {v.items.map((i) => (
                <tr key={i.id} data-item={i.id}>
                  <td data-l="Label">
                    <a href={`#/data/${i.id}`}>{i.label}</a>
                    {i.tags.map((t) => (
                      <a key={t} class="tag" href={hashWith('data', { tag: t })}>
                        {t}
                      </a>
                    ))}
                  </td>
                  <td data-l="Kind">{i.kind}</td>
                  <td data-l="Status">
                    <Status s={i.status} />
                  </td>
                  <td data-l="Size" class="num">
                    {bytes(i.size)}
                  </td>
                  <td data-l="Origin">{i.producerTaskId ? <a href={`#/tasks/${i.producerTaskId}`}>task output</a> : (i.origin ?? '').toLowerCase()}</td>
                  <td data-l="Created">{relative(i.createdAt)}</td>
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

let uploadKey = 0;

function Uploader({ onDone }: { onDone: () => void }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const [tags, setTags] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const update = (key: number, patch: Partial<Upload>) => setUploads((us) => us.map((u) => (u.key === key ? { ...u, ...patch } : u)));
  const start = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = ++uploadKey;
      const h = upload(file, { tags }, (loaded, total) => update(key, { loaded, total }));
      setUploads((us) => [{ key, name: file.name, loaded: 0, total: file.size, abort: h.abort }, ...us]);
      h.promise.then(
        (item) => {
          update(key, { item, loaded: file.size, abort: undefined });
          onDone();
        },
        (e) => update(key, { error: e.message, abort: undefined }),
      );
    }
  };
  return (
    <div class="upload">
      <div
        class={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          if (e.dataTransfer?.files.length) start(e.dataTransfer.files);
        }}
      >
        <p>
          Drop files here, or{' '}
          <button type="button" class="linklike" onClick={() => input.current?.click()}>
            choose files
          </button>
        </p>
        <label class="inline">
          Tags <input type="text" value={tags} placeholder="comma,separated" onInput={(e) => setTags((e.target as HTMLInputElement).value)} />
        </label>
        <input
          ref={input}
          type="file"
          multiple
          class="visually-hidden"
          aria-label="Files to upload"
          data-testid="file-input"
          onChange={(e) => {
            const el = e.target as HTMLInputElement;
            if (el.files?.length) start(el.files);
            el.value = '';
          }}
        />
      </div>
      {uploads.length > 0 && (
        <ul class="uploads" aria-live="polite">
          {uploads.map((u) => {
            const f = u.total ? u.loaded / u.total : 0;
            return (
              <li key={u.key} class={u.error ? 'failed' : u.item ? 'done' : 'busy'}>
                <span class="up-name">{u.item ? <a href={`#/data/${u.item.id}`}>{u.name}</a> : u.name}</span>
                <progress max={1} value={u.item ? 1 : f} aria-label={`upload of ${u.name}`} />
                <span class="small">{u.error ? u.error : u.item ? `done · ${bytes(u.item.size)} ${u.item.kind}` : `${percent(f)} of ${bytes(u.total)}`}</span>
                {u.abort && (
                  <button type="button" onClick={u.abort}>
                    Cancel
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
