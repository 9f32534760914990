// Reading a log: the time the service put before each line, and a search that filters lines.

/** One log line: when the service received it (if stamped), and its text. */
export interface LogLine {
  n: number;
  time: string | null;
  text: string;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) (.*)$/;

/** The lines of a log; a line the service stamped is split into its time and its text. */
export function parseLog(log: string): LogLine[] {
  const lines = log.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line, i) => {
    const m = STAMP.exec(line);
    return m ? { n: i + 1, time: m[1], text: m[2] } : { n: i + 1, time: null, text: line };
  });
}

/** The lines whose text holds `query`, any case; every line for an empty query. */
export function filterLines(lines: LogLine[], query: string): LogLine[] {
  const q = query.trim().toLowerCase();
  if (!q) return lines;
  return lines.filter((l) => l.text.toLowerCase().includes(q));
}

/** A line's text cut around each match of `query` (any case): [before, match, between, match, …, after]. */
export function highlight(text: string, query: string): { text: string; match: boolean }[] {
  const q = query.trim().toLowerCase();
  if (!q) return [{ text, match: false }];
  const out: { text: string; match: boolean }[] = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let i = lower.indexOf(q); i >= 0; i = lower.indexOf(q, i + q.length)) {
    if (i > from) out.push({ text: text.slice(from, i), match: false });
    out.push({ text: text.slice(i, i + q.length), match: true });
    from = i + q.length;
  }
  if (from < text.length) out.push({ text: text.slice(from), match: false });
  return out;
}

/** The time of a stamped line as a person reads it: the local clock time, to the millisecond. */
export function lineTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
