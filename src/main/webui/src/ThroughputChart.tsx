import { useEffect, useState } from 'preact/hooks';
import { getJson, query } from './lib/api';
import { clockTime } from './lib/format';
import { bars, niceMax, totals, type HistoryBar } from './lib/history';
import type { Throughput } from './lib/types';
import { ErrorBox } from './ui';

const W = 720;
const H = 170;
const PAD = { left: 34, right: 34, top: 10, bottom: 22 };
/** About 4 px per bar at the chart's width: enough to hover one. */
const MAX_BARS = 120;
/** The service samples the queue once a minute; reading more often shows nothing new. */
const REFRESH_MS = 60_000;

function hhmm(ms: number): string {
  return clockTime(new Date(ms).toISOString(), ms);
}

/**
 * Tasks succeeded (green) and failed (red) over the last hours as stacked bars, and the queue
 * depth sampled by the service as a line on its own scale (right), for all modules or one.
 */
export function ThroughputChart() {
  const [module, setModule] = useState('');
  const [hours, setHours] = useState('');
  const [history, setHistory] = useState<Throughput | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let stop = false;
    const load = () =>
      getJson<Throughput>(`/api/v1/dashboard/history${query({ module, hours })}`).then(
        (h) => {
          if (stop) return;
          setHistory(h);
          setError(null);
        },
        (e) => !stop && setError(e),
      );
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [module, hours]);

  const b = history ? bars(history, MAX_BARS) : [];
  const sum = totals(b);
  const modules = history?.modules ?? [];
  return (
    <div class="throughput">
      <ErrorBox error={error} />
      <div class="throughput-controls">
        <label>
          Module{' '}
          <select value={module} onChange={(e) => setModule((e.target as HTMLSelectElement).value)} aria-label="Module of the chart">
            <option value="">all modules</option>
            {modules.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          Span{' '}
          <select value={hours} onChange={(e) => setHours((e.target as HTMLSelectElement).value)} aria-label="Hours shown">
            <option value="">all hours kept</option>
            <option value="1">last hour</option>
          </select>
        </label>
        <span class="muted small" data-totals>
          {sum.succeeded} succeeded · {sum.failed} failed
        </span>
      </div>
      {history && <Chart bars={b} />}
    </div>
  );
}

function Chart({ bars: b }: { bars: HistoryBar[] }) {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const top = niceMax(b.map((x) => x.succeeded + x.failed));
  const queueTop = niceMax(b.map((x) => x.queued ?? 0));
  const slot = plotW / Math.max(1, b.length);
  const barW = Math.max(1, slot - 1);
  const y = (n: number) => PAD.top + plotH - (n / top) * plotH;
  const qy = (n: number) => PAD.top + plotH - (n / queueTop) * plotH;
  const queue = b
    .map((x, i) => (x.queued == null ? null : `${(PAD.left + i * slot + slot / 2).toFixed(1)},${qy(x.queued).toFixed(1)}`))
    .filter((p): p is string => p != null);
  const last = b[b.length - 1];
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Tasks succeeded and failed per interval, and queue depth">
      <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
      <text class="tick" x={PAD.left - 4} y={PAD.top + 8} text-anchor="end">
        {top}
      </text>
      <text class="tick" x={PAD.left - 4} y={PAD.top + plotH} text-anchor="end">
        0
      </text>
      <text class="tick queue-tick" x={W - PAD.right + 4} y={PAD.top + 8}>
        {queueTop}
      </text>
      {b.map((x, i) => {
        const left = PAD.left + i * slot;
        const label = `${hhmm(x.start)}–${hhmm(x.end)}: ${x.succeeded} succeeded, ${x.failed} failed${x.queued != null ? `, ${x.queued} queued` : ''}`;
        return (
          <g key={x.start}>
            {x.succeeded > 0 && (
              <rect class="bar-ok" data-succeeded={x.succeeded} x={left} width={barW} y={y(x.succeeded)} height={y(0) - y(x.succeeded)}>
                <title>{label}</title>
              </rect>
            )}
            {x.failed > 0 && (
              <rect class="bar-bad" data-failed={x.failed} x={left} width={barW} y={y(x.succeeded + x.failed)} height={y(x.succeeded) - y(x.succeeded + x.failed)}>
                <title>{label}</title>
              </rect>
            )}
          </g>
        );
      })}
      {queue.length > 1 && <polyline class="queue-line" points={queue.join(' ')} />}
      {queue.length === 1 && <circle class="queue-dot" cx={queue[0].split(',')[0]} cy={queue[0].split(',')[1]} r={2.5} />}
      {[0, 0.25, 0.5, 0.75].map((f) => {
        const i = Math.floor(f * b.length);
        return (
          b[i] && (
            <text key={f} class="tick" x={PAD.left + i * slot} y={H - 6} text-anchor={f === 0 ? 'start' : 'middle'}>
              {hhmm(b[i].start)}
            </text>
          )
        );
      })}
      {last && (
        <text class="tick" x={W - PAD.right} y={H - 6} text-anchor="end">
          {hhmm(last.end)}
        </text>
      )}
      <g class="legend" transform={`translate(${PAD.left + 8}, ${PAD.top + 4})`}>
        <rect class="bar-ok" width="8" height="8" />
        <text x="12" y="8">succeeded</text>
        <rect class="bar-bad" x="80" width="8" height="8" />
        <text x="92" y="8">failed</text>
        <line class="queue-line" x1="140" x2="152" y1="4" y2="4" />
        <text x="156" y="8">queued (right scale)</text>
      </g>
    </svg>
  );
}
