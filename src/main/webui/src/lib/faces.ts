// Face boxes from a face-detect (image) or face-track (video) JSON output, read tolerantly:
//   image: {"faces":[{"bbox":[x,y,w,h],"confidence":0.98}]}
//   video: {"fps":25,"tracks":[{"id":1,"frames":[{"frame":12,"time":0.48,"bbox":[x,y,w,h]}]}]}
//      or: {"frames":[{"time":0.48,"faces":[{"bbox":[...]}]}]}
// A bbox may also be {x,y,w,h} / {x,y,width,height}; values all within 0..1 are read as fractions
// of the picture; top-level width/height name the pixel size the boxes refer to.

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  confidence?: number;
  label?: string;
}

export interface FaceData {
  /** Boxes of a still image (or of a video frame-less result). */
  boxes: Box[];
  /** Timed boxes of a video, sorted by time (seconds). */
  timed: { time: number; box: Box }[];
  /** Pixel size the coordinates refer to, when the JSON says. */
  width?: number;
  height?: number;
  normalized: boolean;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function toBox(raw: any): Box | null {
  if (!raw || typeof raw !== 'object') return null;
  const b = raw.bbox ?? raw.box ?? raw.rect ?? raw;
  let x, y, w, h;
  if (Array.isArray(b) && b.length >= 4) [x, y, w, h] = b.map(num);
  else if (b && typeof b === 'object') {
    x = num(b.x) ?? num(b.left);
    y = num(b.y) ?? num(b.top);
    w = num(b.w) ?? num(b.width) ?? (num(b.right) != null && x != null ? b.right - x : undefined);
    h = num(b.h) ?? num(b.height) ?? (num(b.bottom) != null && y != null ? b.bottom - y : undefined);
  }
  if (x == null || y == null || w == null || h == null || w <= 0 || h <= 0) return null;
  const confidence = num(raw.confidence) ?? num(raw.score);
  const label = raw.label != null ? String(raw.label) : raw.id != null ? String(raw.id) : undefined;
  return { x, y, w, h, confidence, label };
}

function timeOf(f: any, fps?: number): number | undefined {
  const t = num(f?.time) ?? num(f?.t) ?? num(f?.timestamp) ?? num(f?.seconds);
  if (t != null) return t;
  const ms = num(f?.ms) ?? num(f?.timeMs);
  if (ms != null) return ms / 1000;
  const frame = num(f?.frame) ?? num(f?.index);
  return frame != null && fps ? frame / fps : undefined;
}

/** The face boxes in a JSON value; null when it holds none. */
export function parseFaces(json: unknown): FaceData | null {
  if (!json || typeof json !== 'object') return null;
  const j = json as any;
  const fps = num(j.fps) ?? num(j.frameRate);
  const boxes: Box[] = [];
  const timed: { time: number; box: Box }[] = [];
  if (Array.isArray(j.faces)) {
    for (const f of j.faces) {
      const box = toBox(f);
      if (!box) continue;
      const t = timeOf(f, fps);
      if (t != null) timed.push({ time: t, box });
      else boxes.push(box);
    }
  }
  if (Array.isArray(j.tracks)) {
    j.tracks.forEach((track: any, i: number) => {
      const label = track?.id != null ? String(track.id) : String(i + 1);
      const frames = track?.frames ?? track?.boxes ?? track?.detections ?? [];
      if (!Array.isArray(frames)) return;
      for (const f of frames) {
        const box = toBox(f);
        const t = timeOf(f, fps);
        if (box && t != null) timed.push({ time: t, box: { ...box, label: box.label ?? label } });
      }
    });
  }
  if (Array.isArray(j.frames)) {
    for (const f of j.frames) {
      const t = timeOf(f, fps);
      const faces = Array.isArray(f?.faces) ? f.faces : Array.isArray(f?.boxes) ? f.boxes : [];
      for (const face of faces) {
        const box = toBox(face);
        if (box && t != null) timed.push({ time: t, box });
      }
    }
  }
  if (!boxes.length && !timed.length) {
    return Array.isArray(j.faces) || Array.isArray(j.tracks) ? { boxes, timed, normalized: false } : null;
  }
  timed.sort((a, b) => a.time - b.time);
  const all = [...boxes, ...timed.map((t) => t.box)];
  const normalized = all.every((b) => b.x <= 1 && b.y <= 1 && b.w <= 1 && b.h <= 1);
  return { boxes, timed, normalized, width: num(j.width) ?? num(j.imageWidth), height: num(j.height) ?? num(j.imageHeight) };
}

/**
 * The boxes to show at video time `t`: for each track (label), its box nearest in time within
 * `tolerance` seconds (default 1.5 frames, or 0.5 s when the frame rate is unknown).
 */
export function boxesAt(data: FaceData, t: number, tolerance = 0.5): Box[] {
  if (!data.timed.length) return data.boxes;
  const best = new Map<string, { d: number; box: Box }>();
  data.timed.forEach(({ time, box }, i) => {
    const d = Math.abs(time - t);
    if (d > tolerance) return;
    const key = box.label ?? `#${i}`;
    const cur = best.get(key);
    if (!cur || d < cur.d) best.set(key, { d, box });
  });
  // Unlabelled boxes of the same frame: keep every box at the nearest time.
  const nearest = Math.min(...[...best.values()].map((b) => b.d));
  return [...best.values()].filter((b) => b.box.label != null || b.d === nearest).map((b) => b.box);
}

/** Scale factors from the boxes' coordinates to the displayed size. */
export function scaleFor(data: FaceData, natural: { w: number; h: number }, shown: { w: number; h: number }) {
  if (data.normalized) return { sx: shown.w, sy: shown.h };
  const refW = data.width ?? natural.w;
  const refH = data.height ?? natural.h;
  return { sx: refW ? shown.w / refW : 1, sy: refH ? shown.h / refH : 1 };
}
