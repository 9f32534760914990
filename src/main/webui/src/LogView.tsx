import type { Ref } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { filterLines, highlight, lineTime, parseLog } from './lib/logs';

/**
 * A log with the time of each line (when the service stamped it), a search that highlights the
 * matches and can hide the other lines, and a Download of the whole text.
 */
export function LogView({ text, label, file, preRef }: { text: string; label: string; file: string; preRef?: Ref<HTMLPreElement> }) {
  const [search, setSearch] = useState('');
  const [only, setOnly] = useState(true);
  const lines = useMemo(() => parseLog(text), [text]);
  const matching = filterLines(lines, search);
  const shown = only ? matching : lines;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div class="logview">
      <div class="log-tools">
        <input type="search" placeholder="Search the log" aria-label={`Search the ${label}`} value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        <label class="small">
          <input type="checkbox" checked={only} onChange={(e) => setOnly((e.target as HTMLInputElement).checked)} /> only matching lines
        </label>
        {search.trim() && (
          <span class="muted small" role="status">
            {matching.length} of {lines.length} lines match
          </span>
        )}
        <button type="button" onClick={download} disabled={!text}>
          Download
        </button>
      </div>
      <pre class="log" ref={preRef} tabIndex={0} aria-label={label}>
        {lines.length === 0
          ? '(empty)'
          : shown.map((l) => (
              <div class="log-line" key={l.n} data-line={l.n}>
                {l.time && (
                  <time class="log-time" dateTime={l.time} title={l.time}>
                    {lineTime(l.time)}
                  </time>
                )}
                {highlight(l.text, search).map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : p.text))}
              </div>
            ))}
      </pre>
    </div>
  );
}
