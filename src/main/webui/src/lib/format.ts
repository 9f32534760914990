// Formatting for people: sizes, durations, times.

export function bytes(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** 850 ms, 4.2 s, 3 min 5 s, 2 h 4 min. */
export function duration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m - h * 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function between(from?: string | null, to?: string | null, now = Date.now()): number | null {
  if (!from) return null;
  const a = Date.parse(from);
  const b = to ? Date.parse(to) : now;
  return Number.isFinite(a) && Number.isFinite(b) ? b - a : null;
}

/** "12 s ago", "in 3 min", or the date for anything older than a day. */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '—';
  const d = now - t;
  const abs = Math.abs(d);
  if (abs < 5000) return 'just now';
  if (abs > 86_400_000) return dateTime(iso);
  const text = duration(abs).replace(/ \d+ (s|min)$/, '');
  return d >= 0 ? `${text} ago` : `in ${text}`;
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function percent(fraction: number | null | undefined): string {
  if (fraction == null || !Number.isFinite(fraction)) return '—';
  return `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)} %`;
}

export function shortId(id: string | null | undefined): string {
  return id ? `…${id.slice(-6)}` : '—';
}

/** A task's display name: its label, else module + short id. */
export function taskName(t: { id: string; label?: string | null; module?: string | null }): string {
  return t.label || `${t.module ?? 'task'} ${shortId(t.id)}`;
}

/** A time of day for people: "14:05" today, "2026-12-08 14:05" on another day (local time). */
export function clockTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${p(d.getHours())}:${p(d.getMinutes())}`;
  return d.toDateString() === new Date(now).toDateString() ? time : `${dateTime(iso).slice(0, 10)} ${time}`;
}

/**
 * A task's estimate from the service (estimatedStart, estimatedFinish): "starts ~in 3 min · ends
 * ~14:05"; a start that is due reads "starts ~now"; '' when there is no estimate.
 */
export function eta(t: { estimatedStart?: string | null; estimatedFinish?: string | null }, now = Date.now()): string {
  const parts: string[] = [];
  if (t.estimatedStart) {
    const start = Date.parse(t.estimatedStart);
    if (Number.isFinite(start)) parts.push(start - now < 5000 ? 'starts ~now' : `starts ~${relative(t.estimatedStart, now)}`);
  }
  if (t.estimatedFinish && Number.isFinite(Date.parse(t.estimatedFinish))) {
    parts.push(`ends ~${clockTime(t.estimatedFinish, now)}`);
  }
  return parts.join(' · ');
}
