// Labels cut to the width they have, keeping their end: an output's label is
// "<pipeline>/<step>:<port>", and the port at the end is what tells two outputs apart.

let ctx: CanvasRenderingContext2D | null | undefined;

/** The text's width in px in `font` (a CSS font shorthand); an estimate where there is no canvas. */
export function textWidth(text: string, font: string): number {
  if (ctx === undefined) {
    try {
      ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    } catch {
      ctx = null;
    }
  }
  if (!ctx) return text.length * 0.62 * (parseFloat(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? '12') || 12);
  ctx.font = font;
  return ctx.measureText(text).width;
}

/**
 * `text` if it fits `max` px, else its start and its end with "…" between. The end kept is the part
 * after the last "/" (or, when that is too long, after the last ":" or " · "), so ports and
 * statuses stay readable; the start gets what room is left.
 */
export function fitText(text: string, max: number, font: string, measure = textWidth): string {
  if (measure(text, font) <= max) return text;
  const tails = [text.lastIndexOf('/'), text.lastIndexOf(':'), text.lastIndexOf(' · ')].filter((i) => i > 0).sort((a, b) => a - b);
  let tail = '';
  for (const i of tails) {
    if (measure(`…${text.slice(i)}`, font) <= max * 0.75) {
      tail = text.slice(i);
      break;
    }
  }
  const head = text.slice(0, text.length - tail.length);
  let lo = 0;
  let hi = head.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${head.slice(0, mid).trimEnd()}…${tail}`, font) <= max) lo = mid;
    else hi = mid - 1;
  }
  return `${head.slice(0, lo).trimEnd()}…${tail}`;
}
