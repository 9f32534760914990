import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './lib/api';
import { askForKey } from './lib/auth';
import { percent } from './lib/format';
import { onChange } from './lib/sse';
import type { Change } from './lib/types';

/** The current hash route: path segments and query. */
export interface Route {
  parts: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#\/?/, '');
  const [path, q] = h.split('?', 2);
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q ?? '') };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function navigate(hash: string) {
  location.hash = hash;
}

/** Loads something, keeps the last good value while reloading, exposes reload(). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ value?: T; error?: ApiError | Error; loading: boolean }>({ loading: true });
  const seq = useRef(0);
  const reload = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (value) => mine === seq.current && setState({ value, loading: false }),
      (error) => mine === seq.current && setState((s) => ({ value: s.value, error, loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    setState({ loading: true });
    reload();
  }, [reload]);
  return { ...state, reload, set: (value: T) => setState({ value, loading: false }) };
}

/** Subscribes to live changes while mounted. */
export function useLive(handler: (c: Change) => void, deps: unknown[]) {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => onChange((c) => ref.current(c)), deps);
}

/** A function that runs `fn` at most once per `ms`, trailing (coalesces bursts of events). */
export function useThrottled(fn: () => void, ms: number) {
  const ref = useRef(fn);
  ref.current = fn;
  const timer = useRef<number | null>(null);
  useEffect(() => () => void (timer.current != null && clearTimeout(timer.current)), []);
  return useCallback(() => {
    if (timer.current != null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      ref.current();
    }, ms);
  }, [ms]);
}

export function Status({ s }: { s?: string | null }) {
  const v = s ?? 'UNKNOWN';
  return <span class={`status st-${v.toLowerCase()}`}>{v}</span>;
}

export function Bar({ fraction, label }: { fraction?: number | null; label?: string }) {
  const f = Math.min(1, Math.max(0, fraction ?? 0));
  return (
    <div class="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(f * 100)} aria-label={label ?? 'progress'}>
      <div class="bar-fill" style={{ width: `${f * 100}%` }} />
      <span class="bar-text" aria-hidden="true">
        {percent(f)}
      </span>
      <span class="bar-text on-fill" style={{ clipPath: `inset(0 ${100 - f * 100}% 0 0)` }}>
        {percent(f)}
      </span>
    </div>
  );
}

export function ErrorBox({ error }: { error?: Error | null }) {
  if (!error) return null;
  const status = error instanceof ApiError && error.status ? ` (${error.status})` : '';
  const needsKey = error instanceof ApiError && error.status === 401;
  return (
    <div class="error" role="alert">
      {error.message}
      {status}
      {needsKey && (
        <>
          {' '}
          <button type="button" onClick={() => askForKey().then((ok) => ok && location.reload())}>
            Enter API key
          </button>
        </>
      )}
    </div>
  );
}

export function Section({ title, children, actions, id }: { title: ComponentChildren; children: ComponentChildren; actions?: ComponentChildren; id?: string }) {
  return (
    <section class="card" id={id} aria-labelledby={id ? `${id}-h` : undefined}>
      <div class="card-head">
        <h2 id={id ? `${id}-h` : undefined}>{title}</h2>
        {actions && <div class="actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function KV({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="kv">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Drops the hash's filter keys that are empty. */
export function hashWith(base: string, params: Record<string, string>) {
  const q = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => v && q.set(k, v));
  const s = q.toString();
  return `#/${base}${s ? `?${s}` : ''}`;
}
