import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './lib/api';
import { apiKey, logOut, registerKeyPrompt, restoreCookie } from './lib/auth';
import type { Caller } from './lib/types';
import { onLiveState, type LiveState } from './lib/sse';
import { Data } from './pages/Data';
import { DataPage } from './pages/DataPage';
import { Instances } from './pages/Instances';
import { Modules } from './pages/Modules';
import { NewTask } from './pages/NewTask';
import { Overview } from './pages/Overview';
import { PipelinePage, Pipelines } from './pages/Pipeline';
import { TaskPage } from './pages/TaskPage';
import { Tasks } from './pages/Tasks';
import { useRoute, type Route } from './ui';
import './style.css';

const NAV: [string, string][] = [
  ['', 'Overview'],
  ['tasks', 'Tasks'],
  ['data', 'Data'],
  ['new', 'New task'],
  ['pipelines', 'Pipelines'],
  ['modules', 'Modules'],
  ['instances', 'Instances'],
];

function Page({ route }: { route: Route }) {
  const [section, id] = route.parts;
  switch (section ?? '') {
    case '':
      return <Overview />;
    case 'tasks':
      return id ? <TaskPage id={id} key={id} /> : <Tasks route={route} />;
    case 'data':
      return id ? <DataPage id={id} key={`${id}?${route.query.get('faces') ?? ''}`} faces={route.query.get('faces')} /> : <Data route={route} />;
    case 'new':
      return <NewTask route={route} key={route.query.toString()} />;
    case 'pipelines':
      return id ? <PipelinePage id={id} key={id} /> : <Pipelines />;
    case 'modules':
      return <Modules />;
    case 'instances':
      return <Instances />;
    default:
      return <p class="error">There is no page “{section}”.</p>;
  }
}

function Live() {
  const [s, setS] = useState<LiveState>('connecting');
  useEffect(() => onLiveState(setS), []);
  const text = { connecting: 'connecting…', live: 'live', offline: 'offline, reconnecting', locked: 'waiting for an API key' }[s];
  return (
    <span class={`live live-${s}`} role="status" title="Live updates from /api/v1/events">
      <span class="dot" aria-hidden="true" /> {text}
    </span>
  );
}

/** Who the key belongs to, once the stream is live, with a way to log out. */
function Who() {
  const [me, setMe] = useState<Caller | null>(null);
  useEffect(
    () =>
      onLiveState((s) => {
        if (s === 'live') api.me().then(setMe, () => setMe(null));
      }),
    [],
  );
  if (!me) return null;
  return (
    <span class="who">
      <span title={`user id ${me.userId ?? ''}`}>
        {me.user} ({me.role})
      </span>
      {apiKey() && (
        <button
          type="button"
          onClick={() => {
            logOut();
            location.reload();
          }}
        >
          Log out
        </button>
      )}
    </span>
  );
}

/** The API-key dialog, opened when the API answers 401. */
function KeyPrompt() {
  const [ask, setAsk] = useState<{ wrong: boolean; resolve: (k: string | null) => void } | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => registerKeyPrompt((wrong) => new Promise((resolve) => setAsk({ wrong, resolve }))), []);
  useEffect(() => {
    if (ask && dialog.current && !dialog.current.open) {
      dialog.current.showModal();
      input.current?.focus();
    }
  }, [ask]);
  const done = (key: string | null) => {
    dialog.current?.close();
    ask?.resolve(key);
    setAsk(null);
  };
  return (
    <dialog ref={dialog} class="key-dialog" aria-labelledby="key-title" onCancel={() => done(null)}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          done(input.current?.value ?? null);
        }}
      >
        <h2 id="key-title">API key</h2>
        <p>{ask?.wrong ? 'The API did not accept that key. Enter another one.' : 'This Taskmill asks for an API key.'} It is kept for this browser tab only.</p>
        <p class="muted small">
          The first admin key is in <code>data/admin-key</code> where Taskmill runs (or the file <code>taskmill.auth.admin-key-file</code> names); an
          admin makes more with <code>POST /api/v1/keys</code>.
        </p>
        <input ref={input} type="password" name="key" autocomplete="off" aria-label="API key" required />
        <div class="form-actions">
          <button type="button" onClick={() => done(null)}>
            Cancel
          </button>
          <button type="submit" class="primary">
            Use key
          </button>
        </div>
      </form>
    </dialog>
  );
}

function App() {
  const route = useRoute();
  const current = route.parts[0] ?? '';
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    const title = NAV.find(([k]) => k === current)?.[1] ?? 'Taskmill';
    document.title = `${title} · Taskmill`;
  }, [current]);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/">
          Taskmill
        </a>
        <nav aria-label="Main">
          {NAV.map(([k, label]) => (
            <a key={k} href={`#/${k}`} aria-current={current === k ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <a class="api-docs" href="/q/swagger-ui/" target="_blank" rel="noopener" title="The REST API's OpenAPI document in Swagger UI">
          API docs
        </a>
        <Live />
        <Who />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
      <KeyPrompt />
    </>
  );
}

restoreCookie();
render(<App />, document.getElementById('app')!);
