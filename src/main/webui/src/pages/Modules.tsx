import { useState } from 'preact/hooks';
import { api } from '../lib/api';
import { latest } from '../lib/detection';
import { dateTime, relative } from '../lib/format';
import { fieldsOf } from '../lib/schemaForm';
import { RESYNC } from '../lib/sse';
import type { Caller, Detection, Module, Port } from '../lib/types';
import { Empty, ErrorBox, Status, useLive, useLoad, useThrottled } from '../ui';
import { ModuleTable, removable, removeQuestion } from './ModuleTable';
import { ModuleUpload } from './ModuleUpload';
import { LogView } from '../LogView';

type View = 'cards' | 'table';
const VIEW_KEY = 'taskmill.modulesView';

/**
 * Every module: status (with the reason when FAILED), ports, params, logs; Detect, enable, disable,
 * upload a zip and remove (admins); as cards or as a compact table, filtered by status.
 */
export function Modules() {
  const list = useLoad(() => api.modules(), []);
  const me = useLoad(() => api.me().catch(() => null as Caller | null), []);
  const [view, setViewState] = useState<View>(() => (localStorage.getItem(VIEW_KEY) === 'table' ? 'table' : 'cards'));
  const setView = (v: View) => {
    localStorage.setItem(VIEW_KEY, v);
    setViewState(v);
  };
  const [status, setStatus] = useState('');
  const detection = useLoad(() => api.detection().catch(() => null as Detection | null), []);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = useThrottled(() => {
    list.reload();
    detection.reload();
  }, 500);
  // A pass's start and end come as `detection` events: no polling while it runs.
  const [live, setLive] = useState<Detection | null>(null);
  useLive((c) => {
    if (c.type === 'detection') {
      setLive(c.data as unknown as Detection);
      if (c.data.state === 'FINISHED') list.reload();
    } else if (c.type === 'module' || c.type === RESYNC) reload();
  }, []);
  const detect = () => {
    setBusy(true);
    setError(null);
    api
      .detect()
      .then((d) => {
        detection.set(d);
        reload();
      }, setError)
      .finally(() => setBusy(false));
  };
  const remove = (m: Module) => {
    if (!confirm(removeQuestion(m))) return;
    setError(null);
    api.deleteModule(m.name).then(reload, setError);
  };
  const d = latest(live, detection.value ?? null);
  const all = list.value ?? [];
  const statuses = [...new Set(all.map((m) => m.status))].sort();
  const shown = status ? all.filter((m) => m.status === status) : all;
  return (
    <div class="page">
      <div class="page-head">
        <h1>Modules</h1>
        <div class="actions">
          <button class="primary" onClick={detect} disabled={busy}>
            {busy ? 'Detecting…' : 'Detect'}
          </button>
        </div>
      </div>
      {d && (
        <p class="muted detection" data-state={d.state}>
          Detection {d.state === 'RUNNING' ? 'running' : 'finished'} {relative(d.finishedAt ?? d.startedAt)}
          {d.counts && Object.keys(d.counts).length > 0 && ` · ${Object.entries(d.counts).map(([k, n]) => `${n} ${k.toLowerCase().replace(/_/g, ' ')}`).join(', ')}`}
          {d.error && <span class="reason"> · {d.error}</span>}
        </p>
      )}
      {me.value?.role === 'admin' && <ModuleUpload onUploaded={reload} />}
      <ErrorBox error={error ?? list.error} />
      {list.value && list.value.length === 0 && <Empty>No modules found. Put one under modules/ and press Detect, or upload a zip.</Empty>}
      {all.length > 0 && (
        <div class="filters modules-view">
          <label>
            Status
            <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)} aria-label="Filter by status">
              <option value="">All ({all.length})</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {s} ({all.filter((m) => m.status === s).length})
                </option>
              ))}
            </select>
          </label>
          <div class="actions" role="group" aria-label="View">
            <button aria-pressed={view === 'cards'} onClick={() => setView('cards')}>
              Cards
            </button>
            <button aria-pressed={view === 'table'} onClick={() => setView('table')}>
              Table
            </button>
          </div>
        </div>
      )}
      {view === 'table' ? (
        <ModuleTable modules={shown} onRemove={remove} />
      ) : (
        <div class="modules">
          {shown.map((m) => (
            <ModuleCard key={m.name} m={m} onChange={reload} onRemove={remove} />
          ))}
        </div>
      )}
    </div>
  );
}

/** What a destructive action asks before it acts (enable only adds, so it does not ask). */
const CONFIRM: Partial<Record<'enable' | 'disable' | 'reinstall', (name: string) => string>> = {
  disable: (name) => `Disable ${name}? It takes no new tasks until it is enabled again.`,
  reinstall: (name) => `Reinstall ${name}? Its environment is set up again and its self-test runs again.`,
};

function ModuleCard({ m, onChange, onRemove }: { m: Module; onChange: () => void; onRemove: (m: Module) => void }) {
  const [log, setLog] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const act = (a: 'enable' | 'disable' | 'reinstall') => {
    const ask = CONFIRM[a];
    if (ask && !confirm(ask(m.name))) return;
    setError(null);
    api.moduleAction(m.name, a).then(onChange, setError);
  };
  const fields = fieldsOf(m.params);
  const busy = m.status === 'INSTALLING' || m.status === 'TESTING' || m.status === 'DETECTED';
  return (
    <article class="card module" data-module={m.name} aria-labelledby={`m-${m.name}`}>
      <div class="card-head">
        <h2 id={`m-${m.name}`}>
          {m.name} <span class="muted small">{m.version}</span>
          {m.source === 'BUNDLE' && <span class="muted small"> · uploaded zip</span>}
        </h2>
        <Status s={m.status} />
      </div>
      {m.description && <p>{m.description}</p>}
      {m.reason && (
        <p class={m.status === 'FAILED' ? 'error' : 'muted'}>
          {m.status === 'FAILED' ? 'Failed: ' : ''}
          {m.reason}
        </p>
      )}
      {m.status === 'FAILED' && m.availableAt && (
        <p class="muted small">
          Last worked {relative(m.availableAt)} ({dateTime(m.availableAt)}); it takes no tasks until a setup passes again.
        </p>
      )}
      <div class="ports-grid">
        <PortList title="Inputs" ports={m.inputs} />
        <PortList title="Outputs" ports={m.outputs} />
      </div>
      {fields.length > 0 && (
        <>
          <h3>Params</h3>
          <ul class="params">
            {fields.map((f) => (
              <li key={f.name}>
                <code>{f.name}</code> <span class="muted small">{f.kind === 'enum' ? (f.options ?? []).map(String).join(' | ') : f.kind}{f.required ? ', required' : ''}{f.default !== undefined ? `, default ${JSON.stringify(f.default)}` : ''}</span>
                {f.description && <div class="small">{f.description}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="muted small">
        {m.requirements?.length ? `Requires ${m.requirements.join(', ')} · ` : ''}
        {m.resources ? `${m.resources.cpu} CPU, ${m.resources.memoryMb} MB${m.resources.gpu ? ', GPU' : ''} · ` : ''}
        {m.timeoutSeconds ? `timeout ${m.timeoutSeconds} s · ` : ''}
        {m.status === 'AVAILABLE' && m.availableAt ? `available since ${dateTime(m.availableAt)}` : `updated ${relative(m.updatedAt)}`}
      </p>
      <ErrorBox error={error} />
      <div class="actions">
        {m.status === 'AVAILABLE' && (
          <a class="button" href={`#/new?module=${encodeURIComponent(m.name)}`}>
            New task
          </a>
        )}
        {m.status === 'DISABLED' ? (
          <button onClick={() => act('enable')}>Enable</button>
        ) : (
          m.status !== 'MISSING' && (
            <button onClick={() => act('disable')} disabled={busy}>
              Disable
            </button>
          )
        )}
        {m.status !== 'MISSING' && (
          <button onClick={() => act('reinstall')} disabled={busy}>
            Reinstall
          </button>
        )}
        {removable(m) && (
          <button class="danger" onClick={() => onRemove(m)}>
            Remove
          </button>
        )}
        <button
          aria-expanded={log != null}
          onClick={() => (log != null ? setLog(null) : api.moduleLog(m.name).then((t) => setLog(t || '(empty)'), setError))}
        >
          {log != null ? 'Hide log' : 'Setup and test log'}
        </button>
      </div>
      {log != null && (
        <LogView text={log} label={`${m.name} setup and test log`} file={`${m.name}-setup.log`} />
      )}
    </article>
  );
}

function PortList({ title, ports }: { title: string; ports: Port[] }) {
  return (
    <div>
      <h3>{title}</h3>
      {ports.length === 0 ? (
        <p class="empty">none</p>
      ) : (
        <ul class="ports">
          {ports.map((p) => (
            <li key={p.name}>
              <span class="port">{p.name}</span> <span class="muted small">{p.kind}{p.optional ? ', optional' : ''}{p.mediaType ? `, ${p.mediaType}` : ''}</span>
              {p.description && <div class="small">{p.description}</div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
