// The attempts of a task as a person reads them: which run an attempt belongs to, and how long
// the current run waited.
import { between } from './format';
import { TERMINAL, type Task } from './types';

/**
 * How long the current run waited to start. A first run waited from its creation (inputs, delay,
 * queue); a later one from the end of the attempt before it, or from the retry that queued it
 * again (queuedAt), whichever came last: the time a task sat FAILED or CANCELLED is not waiting.
 */
export function waited(t: Task): number | null {
  const started = t.startedAt ?? (TERMINAL.includes(t.status) ? t.finishedAt : null);
  const at = (iso?: string | null) => (iso ? Date.parse(iso) : NaN);
  const before = (iso?: string | null): iso is string => !!iso && (!started || at(iso) <= at(started));
  const ends = (t.attempts ?? []).map((a) => a.finishedAt).filter(before);
  const from = ends.length ? [...ends, ...[t.queuedAt].filter(before)].sort((a, b) => at(a) - at(b)).pop() : t.createdAt;
  return between(from, started);
}

/** "1 of 3"; a retry starts counting again, so its attempts say so. */
export function attemptLabel(attempts: { number?: number }[], i: number, max: number): string {
  const retries = attempts.slice(1, i + 1).filter((a, j) => (a.number ?? 0) <= (attempts[j].number ?? 0)).length;
  return `${attempts[i].number ?? '?'} of ${max}${retries ? ` (retry ${retries})` : ''}`;
}

