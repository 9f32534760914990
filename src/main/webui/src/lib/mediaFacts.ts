// Media facts of an item as a person reads them: what the server's probe read from the headers.

/** The probe's answer, as the item carries it (MediaInfo in the API). */
export interface MediaFactsInput {
  probed?: boolean;
  container?: string | null;
  durationSeconds?: number | null;
  width?: number | null;
  height?: number | null;
  fps?: number | null;
  videoCodec?: string | null;
  audioCodec?: string | null;
  audioChannels?: number | null;
  sampleRate?: number | null;
  bitsPerSample?: number | null;
  error?: string | null;
}

/** 0:07.5, 3:05, 1:02:03 (to the tenth of a second when it has one). */
export function clockDuration(seconds: number): string {
  const tenths = Math.round(seconds * 10);
  const h = Math.floor(tenths / 36000);
  const m = Math.floor((tenths % 36000) / 600);
  const s = (tenths % 600) / 10;
  const sec = (s < 10 ? '0' : '') + (tenths % 10 ? s.toFixed(1) : String(s));
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function channels(n: number): string {
  return n === 1 ? 'mono' : n === 2 ? 'stereo' : `${n} channels`;
}

/** Label and value pairs of the facts the probe read; none when it read nothing. */
export function mediaFacts(m: MediaFactsInput | null | undefined): [string, string][] {
  if (!m) return [];
  const facts: [string, string][] = [];
  if (m.container) facts.push(['Container', m.container]);
  if (m.durationSeconds != null) facts.push(['Duration', clockDuration(m.durationSeconds)]);
  if (m.width && m.height) facts.push(['Resolution', `${m.width} × ${m.height}`]);
  if (m.fps) facts.push(['Frame rate', `${Number(m.fps.toFixed(3))} fps`]);
  if (m.videoCodec) facts.push(['Video codec', m.videoCodec]);
  if (m.audioCodec) {
    const extra = [m.audioChannels ? channels(m.audioChannels) : '', m.sampleRate ? `${m.sampleRate / 1000} kHz` : '', m.bitsPerSample ? `${m.bitsPerSample} bit` : '']
      .filter(Boolean)
      .join(', ');
    facts.push(['Audio codec', extra ? `${m.audioCodec} (${extra})` : m.audioCodec]);
  }
  if (m.error) facts.push(['Probe', m.error]);
  return facts;
}
