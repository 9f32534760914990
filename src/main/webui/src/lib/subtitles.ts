// Subtitles for the video preview. <track> reads only WebVTT, and the subtitles module writes SRT
// by default: SRT is converted here, in the page, and given to the track as a blob URL.

/** Whether an item is a subtitle file (SRT or WebVTT), by media type or file name. */
export function isSubtitles(item: { mediaType?: string | null; label?: string | null }): boolean {
  return /^(text\/vtt|application\/x-subrip|text\/srt|application\/srt)\b/i.test(item.mediaType ?? '') || /\.(srt|vtt)$/i.test(item.label ?? '');
}

/**
 * WebVTT from SRT: a header, cue numbers dropped, commas in times made dots. Text that is already
 * WebVTT is returned as it is.
 */
export function toWebVtt(text: string): string {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (/^WEBVTT\b/.test(body)) return body;
  const time = /^(\d{1,2}:)?(\d{1,2}):(\d{2})[,.](\d{1,3})\s*-->\s*(\d{1,2}:)?(\d{1,2}):(\d{2})[,.](\d{1,3})(.*)$/;
  const cues = body
    .trim()
    .split(/\n{2,}/)
    .map((block) => block.split('\n').filter((l, i) => !(i === 0 && /^\d+\s*$/.test(l))))
    .filter((lines) => lines.length && time.test(lines[0]))
    .map(([head, ...rest]) => {
      const m = time.exec(head)!;
      const t = (h: string | undefined, mm: string, s: string, ms: string) => `${(h ?? '00:').padStart(3, '0')}${mm.padStart(2, '0')}:${s}.${ms.padEnd(3, '0')}`;
      return `${t(m[1], m[2], m[3], m[4])} --> ${t(m[5], m[6], m[7], m[8])}${m[9]}\n${rest.join('\n')}`;
    });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}
