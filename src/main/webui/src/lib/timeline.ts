// The pipeline timeline's arithmetic: where each step's waits and run sit on one time axis.

/** What a step's task says about its times (ISO strings from the API). */
export interface StepTimes {
  name: string;
  taskId: string;
  status?: string | null;
  createdAt?: string | null;
  queuedAt?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
}

/** One phase of a step on the axis: from and to as fractions 0..1 of the whole span. */
export interface Segment {
  kind: 'inputs' | 'queued' | 'running';
  from: number;
  to: number;
  ms: number;
}

export interface TimelineRow {
  name: string;
  taskId: string;
  status?: string | null;
  segments: Segment[];
  waitMs: number | null;
  runMs: number | null;
}

export interface TimelineView {
  start: number;
  end: number;
  rows: TimelineRow[];
}

const at = (iso?: string | null): number | null => (iso ? Date.parse(iso) : null);

/**
 * Rows for the steps: waiting for inputs (created → queued), queued (→ started) and running
 * (→ finished, or now while it runs). A task not started yet waits until now; a step that ended
 * without starting (cancelled, or failed upstream) shows what it waited. The axis spans the
 * earliest creation to the latest end.
 */
export function timeline(steps: StepTimes[], now: number): TimelineView {
  const phases = steps.map((s) => {
    const created = at(s.createdAt) ?? at(s.queuedAt) ?? at(s.startedAt);
    const queued = at(s.queuedAt);
    const started = at(s.startedAt);
    const finished = at(s.finishedAt);
    const end = finished ?? now;
    const parts: { kind: Segment['kind']; from: number; to: number }[] = [];
    if (created != null) {
      const inputsEnd = queued ?? started ?? end;
      if (inputsEnd > created) parts.push({ kind: 'inputs', from: created, to: inputsEnd });
      if (queued != null) {
        const queuedEnd = started != null && started >= queued ? started : end;
        if (queuedEnd > queued) parts.push({ kind: 'queued', from: queued, to: queuedEnd });
      }
      if (started != null && end > started) parts.push({ kind: 'running', from: started, to: end });
    }
    const waitMs = started != null && queued != null ? Math.max(0, started - queued) : null;
    const runMs = started != null && finished != null ? Math.max(0, finished - started) : null;
    return { s, parts, waitMs, runMs };
  });
  const times = phases.flatMap((p) => p.parts.flatMap((x) => [x.from, x.to]));
  const start = times.length ? Math.min(...times) : now;
  const end = times.length ? Math.max(...times) : now;
  const span = Math.max(1, end - start);
  return {
    start,
    end,
    rows: phases.map(({ s, parts, waitMs, runMs }) => ({
      name: s.name,
      taskId: s.taskId,
      status: s.status,
      waitMs,
      runMs,
      segments: parts.map((x) => ({ kind: x.kind, from: (x.from - start) / span, to: (x.to - start) / span, ms: x.to - x.from })),
    })),
  };
}
