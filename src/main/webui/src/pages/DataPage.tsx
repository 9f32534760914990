import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api';
import { bytes, dateTime, shortId } from '../lib/format';
import type { FaceData } from '../lib/faces';
import { RESYNC } from '../lib/sse';
import type { DataItem, Lineage } from '../lib/types';
import { Graph, type GraphNode } from '../Graph';
import { Preview, loadFaces } from '../Preview';
import { isSubtitles, toWebVtt } from '../lib/subtitles';
import { ErrorBox, KV, Section, Status, navigate, useLive, useLoad, useThrottled } from '../ui';
import { MediaFacts } from '../MediaFacts';

const FACE_MODULE = /face/i;

/** One data item: preview (with face boxes / subtitles where they exist), details, download, lineage. */
export function DataPage({ id, faces }: { id: string; faces?: string | null }) {
  const item = useLoad(() => api.item(id), [id]);
  const lineage = useLoad(() => api.lineage(id), [id]);
  const reloadItem = useThrottled(item.reload, 300);
  const reloadLineage = useThrottled(lineage.reload, 500);
  const nodeIds = new Set([...(lineage.value?.items ?? []).map((i) => i.id), ...(lineage.value?.tasks ?? []).map((t) => t.id)]);
  useLive(
    (c) => {
      if (c.type === RESYNC || (c.type === 'data' && c.id === id)) reloadItem();
      if (c.type === RESYNC || (c.id && nodeIds.has(c.id))) reloadLineage();
    },
    [id, lineage.value],
  );
  const [error, setError] = useState<Error | null>(null);
  const it = item.value;
  if (!it) return item.error ? <ErrorBox error={item.error} /> : <p class="loading">Loading…</p>;
  const del = () => {
    if (!confirm(`Delete “${it.label}” and its content?`)) return;
    api.deleteItem(it.id).then(() => navigate('#/data'), setError);
  };
  return (
    <div class="page">
      <div class="page-head">
        <h1>
          {it.label} <Status s={it.status} />
        </h1>
        <div class="actions">
          {it.status === 'AVAILABLE' && (
            <a class="button primary" href={it.contentUrl} download={it.label}>
              Download
            </a>
          )}
          <a class="button" href={`#/new?input=${it.id}`}>
            Run a module on it
          </a>
          <button class="danger" onClick={del}>
            Delete
          </button>
        </div>
      </div>
      <ErrorBox error={error} />
      <Section title="Preview" id="preview">
        <PreviewWithExtras item={it} lineage={lineage.value} facesFrom={faces} />
      </Section>
      <div class="grid2">
        <Section title="Details" id="details">
          <KV
            rows={[
              ['Id', <code>{it.id}</code>],
              ['Kind', it.kind],
              ['Media type', it.mediaType ?? '—'],
              ['Size', bytes(it.size)],
              ['Stored', it.isFile ? 'file store' : 'inline (database)'],
              ['SHA-256', it.sha256 ? <code class="wrap">{it.sha256}</code> : '—'],
              ['Tags', it.tags.length ? it.tags.join(', ') : '—'],
              ['Origin', it.producerTaskId ? <a href={`#/tasks/${it.producerTaskId}`}>output “{it.producerOutput}” of task {shortId(it.producerTaskId)}</a> : (it.origin ?? '—').toLowerCase()],
              ['Created', dateTime(it.createdAt)],
              ['Available', dateTime(it.availableAt)],
              ...(it.reason ? ([['Reason', it.reason]] as [string, string][]) : []),
            ]}
          />
          <MediaFacts media={it.media} />
          {it.metadata && Object.keys(it.metadata).length > 0 && (
            <>
              <h3>Metadata</h3>
              <pre class="code">{JSON.stringify(it.metadata, null, 2)}</pre>
            </>
          )}
        </Section>
        <Section title="Lineage" id="lineage">
          <ErrorBox error={lineage.error} />
          {lineage.value && <LineageGraph lineage={lineage.value} />}
        </Section>
      </div>
    </div>
  );
}

function LineageGraph({ lineage }: { lineage: Lineage }) {
  const nodes: GraphNode[] = [
    ...lineage.items.map((i) => ({ id: i.id, type: 'item' as const, title: i.label, subtitle: i.kind, status: i.status, highlight: i.id === lineage.root })),
    ...lineage.tasks.map((t) => ({ id: t.id, type: 'task' as const, title: t.label || t.module, subtitle: t.module, status: t.status })),
  ];
  const edges = lineage.edges.map((e) => ({ from: e.from, to: e.to, label: e.port }));
  if (nodes.length <= 1) return <p class="empty">Uploaded, and no task has used it yet.</p>;
  return (
    <>
      <Graph nodes={nodes} edges={edges} label="Lineage: producers and consumers" />
      {lineage.truncated && <p class="muted small">The graph was cut at its size limit.</p>}
    </>
  );
}

interface Option {
  id: string;
  label: string;
}

/**
 * Preview plus the choices that only make sense for some kinds: face boxes from a face-detect /
 * face-track result downstream (image, video) or of this JSON's own source, and a subtitle track
 * from a VTT item (video).
 */
function PreviewWithExtras({ item, lineage, facesFrom }: { item: DataItem; lineage?: Lineage; facesFrom?: string | null }) {
  // `#/data/<image>?faces=<json item>` draws the boxes of any face JSON over this picture.
  const [faceSource, setFaceSource] = useState<string>(facesFrom ?? '');
  const [faces, setFaces] = useState<FaceData | null>(null);
  const [vtt, setVtt] = useState<string>('');
  const [vttOptions, setVttOptions] = useState<Option[]>([]);
  const [source, setSource] = useState<DataItem | null>(null);
  const media = item.kind === 'IMAGE' || item.kind === 'VIDEO';

  // Face results downstream: JSON outputs of face modules that read this item.
  const faceOptions: Option[] = [];
  if (media && lineage) {
    const faceTasks = new Set(lineage.tasks.filter((t) => FACE_MODULE.test(t.module)).map((t) => t.id));
    for (const e of lineage.edges) {
      const out = lineage.items.find((i) => i.id === e.to);
      if (faceTasks.has(e.from) && out && out.kind === 'JSON' && out.status === 'AVAILABLE') {
        const module = lineage.tasks.find((t) => t.id === e.from)?.module;
        faceOptions.push({ id: out.id, label: `${out.label} (${module})` });
      }
    }
  }
  if (media && facesFrom && !faceOptions.some((o) => o.id === facesFrom)) faceOptions.push({ id: facesFrom, label: `item ${shortId(facesFrom)}` });
  useEffect(() => {
    setFaces(null);
    if (faceSource) loadFaces(faceSource).then(setFaces);
  }, [faceSource]);

  // A JSON with face boxes: show them over the image or video its producer task read.
  useEffect(() => {
    setSource(null);
    if (item.kind !== 'JSON' || item.status !== 'AVAILABLE' || !item.producerTaskId) return;
    let stop = false;
    (async () => {
      const f = await loadFaces(item.id);
      if (!f || stop) return;
      const task = await api.task(item.producerTaskId!);
      for (const inputId of Object.values(task.inputs ?? {})) {
        const input = await api.item(inputId).catch(() => null);
        if (input && (input.kind === 'IMAGE' || input.kind === 'VIDEO') && !stop) {
          setFaces(f);
          setSource(input);
          return;
        }
      }
    })().catch(() => undefined);
    return () => {
      stop = true;
    };
  }, [item.id, item.status]);

  // Subtitles for a video: SRT and WebVTT items (downstream of it first, then any), never other text.
  useEffect(() => {
    if (item.kind !== 'VIDEO') return;
    // An SRT a module wrote is TEXT; an uploaded one may be FILE (its media type is not text/*).
    const kinds = ['TEXT', 'FILE'];
    const downstream = (lineage?.items ?? []).filter((i) => kinds.includes(i.kind) && i.status === 'AVAILABLE' && i.id !== item.id);
    const listed = (kind: string) =>
      api
        .data({ kind, status: 'AVAILABLE', size: 200 })
        .then((p) => p.items)
        .catch(() => [] as DataItem[]);
    Promise.all([Promise.all(downstream.map((i) => api.item(i.id).catch(() => null))), ...kinds.map(listed)]).then(([near, ...all]) => {
      const seen = new Set<string>();
      const opts: Option[] = [];
      for (const i of [...near, ...all.flat()]) {
        if (!i || seen.has(i.id) || !isSubtitles(i)) continue;
        seen.add(i.id);
        opts.push({ id: i.id, label: i.label });
      }
      setVttOptions(opts);
    });
  }, [item.id, lineage]);

  // The chosen item as WebVTT (SRT converted), handed to <track> as a blob URL.
  const [vttUrl, setVttUrl] = useState<string>('');
  useEffect(() => {
    setVttUrl('');
    if (!vtt) return;
    let url = '';
    let stop = false;
    api.itemText(vtt).then(
      (text) => {
        if (stop) return;
        url = URL.createObjectURL(new Blob([toWebVtt(text)], { type: 'text/vtt' }));
        setVttUrl(url);
      },
      () => undefined,
    );
    return () => {
      stop = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [vtt]);

  const subtitles = vtt && vttUrl ? { src: vttUrl, label: vttOptions.find((o) => o.id === vtt)?.label ?? 'subtitles' } : null;
  return (
    <>
      {(faceOptions.length > 0 || (item.kind === 'VIDEO' && vttOptions.length > 0)) && (
        <div class="filters">
          {faceOptions.length > 0 && (
            <label>
              Face boxes
              <select value={faceSource} onChange={(e) => setFaceSource((e.target as HTMLSelectElement).value)}>
                <option value="">none</option>
                {faceOptions.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {item.kind === 'VIDEO' && vttOptions.length > 0 && (
            <label>
              Subtitles
              <select value={vtt} onChange={(e) => setVtt((e.target as HTMLSelectElement).value)}>
                <option value="">none</option>
                {vttOptions.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      {source && faces ? (
        <>
          <p class="muted small">
            {faces.boxes.length + faces.timed.length} face boxes drawn over <a href={`#/data/${source.id}`}>{source.label}</a>, the input of the task that produced this.
          </p>
          <Preview item={source} faces={faces} />
          <details>
            <summary>JSON</summary>
            <Preview item={item} />
          </details>
        </>
      ) : (
        <Preview item={item} faces={faces} subtitles={subtitles} />
      )}
    </>
  );
}
