// The live stream: /api/v1/events read with fetch (so the bearer key goes in a header and a 401
// can be told apart from a dropped connection), parsed here, fanned out to the pages.

import { askForKey, authHeaders, keyChanged } from './auth';
import type { Change } from './types';

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/**
 * An incremental text/event-stream parser (WHATWG HTML §9.2.6): feed it chunks as they arrive,
 * it returns the complete events so far. Comments (heartbeats) are dropped; `data` lines are
 * joined with newlines; the event name defaults to `message`.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;

  feed(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    let nl: number;
    while ((nl = this.nextLineEnd()) >= 0) {
      const line = this.buffer.slice(0, nl);
      const skip = this.buffer[nl] === '\r' && this.buffer[nl + 1] === '\n' ? 2 : 1;
      this.buffer = this.buffer.slice(nl + skip);
      if (line === '') {
        if (this.data.length) out.push({ event: this.event || 'message', data: this.data.join('\n'), id: this.id });
        this.data = [];
        this.event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') this.data.push(value);
      else if (field === 'event') this.event = value;
      else if (field === 'id') this.id = value;
    }
    return out;
  }

  private nextLineEnd(): number {
    const n = this.buffer.indexOf('\n');
    const r = this.buffer.indexOf('\r');
    if (r >= 0 && r === this.buffer.length - 1) return n >= 0 && n < r ? n : -1; // maybe \r\n split
    if (n < 0) return r;
    if (r < 0) return n;
    return Math.min(n, r);
  }
}

/** An SSE message as a change; null for anything that is not a JSON object. */
export function toChange(m: SseMessage): Change | null {
  try {
    const data = JSON.parse(m.data);
    if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
    return { type: m.event, id: typeof data.id === 'string' ? data.id : undefined, data };
  } catch {
    return null;
  }
}

type Listener = (c: Change) => void;
/** locked: the service asks for an API key and none (or a wrong one) was given yet. */
export type LiveState = 'connecting' | 'live' | 'offline' | 'locked';

const listeners = new Set<Listener>();
const stateListeners = new Set<(s: LiveState) => void>();
let state: LiveState = 'connecting';
let started = false;

function setState(s: LiveState) {
  state = s;
  stateListeners.forEach((l) => l(s));
}

/** Subscribes to every change; returns the unsubscribe function. */
export function onChange(l: Listener): () => void {
  listeners.add(l);
  start();
  return () => listeners.delete(l);
}

/** Subscribes to the stream's state; the header's badge starts the stream on every page. */
export function onLiveState(l: (s: LiveState) => void): () => void {
  stateListeners.add(l);
  l(state);
  start();
  return () => stateListeners.delete(l);
}

/** Fired after a reconnect, so pages reload what they may have missed while offline. */
export const RESYNC = 'resync';

function start() {
  if (started) return;
  started = true;
  void loop();
}

async function loop() {
  let delay = 500;
  let first = true;
  for (;;) {
    try {
      const res = await fetch('/api/v1/events', {
        headers: { Accept: 'text/event-stream', ...authHeaders() },
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (res.status === 401) {
        setState('locked');
        if (!(await askForKey())) await keyChanged(); // cancelled: wait for a key entered elsewhere
        continue;
      }
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      setState('live');
      if (!first) listeners.forEach((l) => l({ type: RESYNC, data: {} }));
      first = false;
      delay = 500;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const m of parser.feed(value)) {
          const c = toChange(m);
          if (c) listeners.forEach((l) => l(c));
        }
      }
    } catch {
      /* dropped or refused: retry below */
    }
    setState('offline');
    await sleep(delay);
    delay = Math.min(delay * 2, 10000);
  }
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
