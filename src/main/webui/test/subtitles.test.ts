import { describe, expect, it } from 'vitest';
import { isSubtitles, toWebVtt } from '../src/lib/subtitles';

describe('subtitles', () => {
  it('converts SRT to WebVTT: header, no cue numbers, dots in times', () => {
    const srt = '1\r\n00:00:01,000 --> 00:00:02,500\r\nHello\r\nthere\r\n\r\n2\r\n00:01:00,25 --> 01:00:01,000\r\nBye\r\n';
    expect(toWebVtt(srt)).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello\nthere\n\n00:01:00.250 --> 01:00:01.000\nBye\n');
  });

  it('keeps WebVTT as it is', () => {
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:05.000\nHi\n';
    expect(toWebVtt(vtt)).toBe(vtt);
  });

  it('tells subtitle items from other text', () => {
    expect(isSubtitles({ mediaType: 'application/x-subrip', label: 'demo/subtitles:subtitles' })).toBe(true);
    expect(isSubtitles({ mediaType: 'text/vtt; charset=utf-8', label: 'x' })).toBe(true);
    expect(isSubtitles({ mediaType: 'text/plain', label: 'clip.srt' })).toBe(true);
    expect(isSubtitles({ mediaType: 'text/plain', label: 'demo/transcript:transcript' })).toBe(false);
  });
});
