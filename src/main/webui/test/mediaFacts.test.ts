import { describe, expect, it } from 'vitest';
import { clockDuration, mediaFacts } from '../src/lib/mediaFacts';

describe('mediaFacts', () => {
  it('lists what the probe read of a video', () => {
    expect(
      mediaFacts({ probed: true, container: 'mp4', durationSeconds: 7.5, width: 1280, height: 720, fps: 29.97002997, videoCodec: 'avc1', audioCodec: 'mp4a', audioChannels: 2, sampleRate: 48000 }),
    ).toEqual([
      ['Container', 'mp4'],
      ['Duration', '0:07.5'],
      ['Resolution', '1280 × 720'],
      ['Frame rate', '29.97 fps'],
      ['Video codec', 'avc1'],
      ['Audio codec', 'mp4a (stereo, 48 kHz)'],
    ]);
  });

  it('says nothing of an item without media, and what failed of one the probe could not read', () => {
    expect(mediaFacts(null)).toEqual([]);
    expect(mediaFacts({ probed: false, error: 'not a format the probe reads' })).toEqual([['Probe', 'not a format the probe reads']]);
  });
});

describe('clockDuration', () => {
  it('reads as a clock', () => {
    expect(clockDuration(7.5)).toBe('0:07.5');
    expect(clockDuration(185)).toBe('3:05');
    expect(clockDuration(3723)).toBe('1:02:03');
    expect(clockDuration(59.96)).toBe('1:00');
  });
});
