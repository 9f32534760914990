import { clockTime, duration } from './lib/format';
import { timeline, type Segment } from './lib/timeline';
import type { Pipeline, Task } from './lib/types';
import { Section, Status } from './ui';

const PHASE: Record<Segment['kind'], string> = {
  inputs: 'waiting for inputs',
  queued: 'queued',
  running: 'running',
};

/**
 * A pipeline's steps on one time axis (a Gantt chart): per step, the time it waited for its inputs,
 * the time it sat queued for a slot, and the time it ran, from its task's times.
 */
export function Timeline({ pipeline, tasks }: { pipeline: Pipeline; tasks: Task[] }) {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const view = timeline(
    pipeline.steps.map((s) => {
      const t = byId.get(s.taskId);
      return { name: s.name, taskId: s.taskId, status: t?.status ?? s.status, createdAt: t?.createdAt, queuedAt: t?.queuedAt, startedAt: t?.startedAt, finishedAt: t?.finishedAt };
    }),
    Date.now(),
  );
  return (
    <Section title="Timeline" id="timeline">
      <div class="timeline" role="table" aria-label="Pipeline timeline: wait and run time per step">
        <div class="tl-row tl-axis" role="row">
          <span role="columnheader">Step</span>
          <span role="columnheader" class="tl-track-head">
            <span>{clockTime(new Date(view.start).toISOString())}</span>
            <span class="muted">{duration(view.end - view.start)} in all</span>
            <span>{clockTime(new Date(view.end).toISOString())}</span>
          </span>
          <span role="columnheader" class="num">Waited</span>
          <span role="columnheader" class="num">Ran</span>
        </div>
        {view.rows.map((r) => (
          <div class="tl-row" role="row" key={r.taskId} data-step={r.name}>
            <span role="cell" class="tl-name">
              <a href={`#/tasks/${r.taskId}`}>{r.name}</a> <Status s={r.status} />
            </span>
            <span role="cell" class="tl-track">
              {r.segments.map((s) => (
                <span
                  key={s.kind}
                  class={`tl-seg tl-${s.kind}`}
                  data-phase={s.kind}
                  style={{ left: `${s.from * 100}%`, width: `${(s.to - s.from) * 100}%` }}
                  title={`${r.name}: ${PHASE[s.kind]} ${duration(s.ms)}`}
                />
              ))}
            </span>
            <span role="cell" class="num">{duration(r.waitMs)}</span>
            <span role="cell" class="num">{duration(r.runMs)}</span>
          </div>
        ))}
      </div>
      <p class="tl-legend muted small">
        <span class="tl-seg tl-inputs" /> waiting for inputs <span class="tl-seg tl-queued" /> queued for a slot <span class="tl-seg tl-running" /> running
      </p>
    </Section>
  );
}
