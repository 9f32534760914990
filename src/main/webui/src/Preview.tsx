import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './lib/api';
import { boxesAt, parseFaces, scaleFor, type Box, type FaceData } from './lib/faces';
import type { DataItem } from './lib/types';
import { ErrorBox } from './ui';

const TEXT_LIMIT = 200_000;

/** The content of an item as a person looks at it: image, video, audio, text or JSON. */
export function Preview({ item, faces, subtitles }: { item: DataItem; faces?: FaceData | null; subtitles?: { src: string; label: string } | null }) {
  if (item.status === 'PENDING') return <p class="empty">Not produced yet: its task has not finished.</p>;
  if (item.status === 'FAILED') return <p class="error">{item.reason ?? 'This item failed.'}</p>;
  switch (item.kind) {
    case 'IMAGE':
      return <FacesOver src={item.contentUrl} video={false} faces={faces} alt={item.label} />;
    case 'VIDEO':
      return <FacesOver src={item.contentUrl} video faces={faces} alt={item.label} subtitles={subtitles} />;
    case 'AUDIO':
      return <audio controls preload="metadata" src={item.contentUrl} class="media" aria-label={item.label} />;
    case 'TEXT':
    case 'JSON':
      return <TextPreview item={item} />;
    default:
      if (item.mediaType?.startsWith('text/')) return <TextPreview item={item} />;
      return <p class="empty">No preview for {item.mediaType ?? 'this type'}; download it instead.</p>;
  }
}

function TextPreview({ item }: { item: DataItem }) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    setText(null);
    api.itemText(item.id).then(setText, setError);
  }, [item.id, item.sha256]);
  if (error) return <ErrorBox error={error} />;
  if (text == null) return <p class="loading">Loading…</p>;
  let shown = text;
  if (item.kind === 'JSON') {
    try {
      shown = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      /* show as is */
    }
  }
  const cut = shown.length > TEXT_LIMIT;
  return (
    <>
      <pre class="code preview-text" tabIndex={0} aria-label="content">
        {cut ? shown.slice(0, TEXT_LIMIT) : shown}
      </pre>
      {cut && <p class="muted small">Showing the first {TEXT_LIMIT.toLocaleString()} characters; download for the rest.</p>}
    </>
  );
}

/**
 * An image or video with face boxes drawn over it. The SVG has the picture's pixel size as its
 * viewBox and covers the element exactly, so the boxes follow any displayed size.
 */
export function FacesOver({ src, video, faces, alt, subtitles }: { src: string; video: boolean; faces?: FaceData | null; alt: string; subtitles?: { src: string; label: string } | null }) {
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  // Displayed width, so box labels are ~12 px on screen whatever the picture's own size.
  const [shownW, setShownW] = useState(0);
  const [t, setT] = useState(0);
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = ref.current;
    if (!video || !v || !faces?.timed.length) return;
    let raf = 0;
    const tick = () => {
      setT(v.currentTime);
      if (!v.paused) raf = requestAnimationFrame(tick);
    };
    const on = () => {
      cancelAnimationFrame(raf);
      tick();
    };
    v.addEventListener('play', on);
    v.addEventListener('seeked', on);
    v.addEventListener('timeupdate', on);
    return () => {
      cancelAnimationFrame(raf);
      v.removeEventListener('play', on);
      v.removeEventListener('seeked', on);
      v.removeEventListener('timeupdate', on);
    };
  }, [video, faces, src]);
  // A track added to a playing video is not always shown: show the one the person picked.
  useEffect(() => {
    const tracks = ref.current?.textTracks;
    if (subtitles && tracks?.length) tracks[tracks.length - 1].mode = 'showing';
  }, [subtitles?.src]);
  let boxes: Box[] = [];
  const font = size && shownW ? (12 * size.w) / shownW : 12;
  let s = { sx: 1, sy: 1 };
  if (faces && size) {
    boxes = boxesAt(faces, t, 0.5);
    s = scaleFor(faces, size, size);
  }
  return (
    <>
    <div class="media-wrap">
      {video ? (
        <video
          ref={ref}
          key={src}
          controls
          preload="metadata"
          src={src}
          class="media"
          aria-label={alt}
          onLoadedMetadata={(e) => {
            const v = e.target as HTMLVideoElement;
            setSize({ w: v.videoWidth, h: v.videoHeight });
            setShownW(v.clientWidth);
          }}
        >
          {subtitles && <track key={subtitles.src} kind="subtitles" src={subtitles.src} label={subtitles.label} default />}
        </video>
      ) : (
        <img
          src={src}
          alt={alt}
          class="media"
          onLoad={(e) => {
            const i = e.target as HTMLImageElement;
            setSize({ w: i.naturalWidth, h: i.naturalHeight });
            setShownW(i.clientWidth);
          }}
        />
      )}
      {faces && size && size.w > 0 && (
        <svg class="faces" viewBox={`0 0 ${size.w} ${size.h}`} preserveAspectRatio="none" aria-label={`${boxes.length} face boxes`} data-boxes={boxes.length}>
          {boxes.map((b, i) => (
            <g key={i}>
              <rect x={b.x * s.sx} y={b.y * s.sy} width={b.w * s.sx} height={b.h * s.sy} vector-effect="non-scaling-stroke" />
              {(b.confidence != null || b.label) && (
                <text x={b.x * s.sx + font * 0.2} y={b.y * s.sy > font * 1.2 ? b.y * s.sy - font * 0.3 : b.y * s.sy + font * 1.1} style={{ fontSize: `${font}px` }}>
                  {[b.label, b.confidence != null ? `${Math.round(b.confidence * 100)}%` : null].filter(Boolean).join(' ')}
                </text>
              )}
            </g>
          ))}
        </svg>
      )}
    </div>
      {!video && size && (
        <p class="muted small media-size">
          {size.w} × {size.h} px
        </p>
      )}
    </>
  );
}

/** Loads a JSON item and reads face boxes from it; null when it has none. */
export async function loadFaces(id: string): Promise<FaceData | null> {
  try {
    return parseFaces(JSON.parse(await api.itemText(id)));
  } catch {
    return null;
  }
}
