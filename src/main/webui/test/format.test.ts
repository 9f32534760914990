import { describe, expect, it } from 'vitest';
import { between, bytes, clockTime, duration, eta, percent, relative, shortId, taskName } from '../src/lib/format';

describe('format', () => {
  it('bytes', () => {
    expect(bytes(0)).toBe('0 B');
    expect(bytes(1023)).toBe('1023 B');
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(bytes(200 * 1024 * 1024)).toBe('200 MiB');
    expect(bytes(null)).toBe('—');
  });
  it('duration', () => {
    expect(duration(850)).toBe('850 ms');
    expect(duration(4200)).toBe('4.2 s');
    expect(duration(185_000)).toBe('3 min 5 s');
    expect(duration(7_440_000)).toBe('2 h 4 min');
    expect(duration(-1)).toBe('—');
  });
  it('between and relative', () => {
    expect(between('2026-01-01T00:00:00Z', '2026-01-01T00:00:02.5Z')).toBe(2500);
    expect(between(null)).toBeNull();
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(relative('2026-01-01T11:59:58Z', now)).toBe('just now');
    expect(relative('2026-01-01T11:59:30Z', now)).toBe('30 s ago');
    expect(relative('2026-01-01T11:57:00Z', now)).toBe('3 min ago');
    expect(relative('2026-01-01T12:05:00Z', now)).toBe('in 5 min');
  });
  it('percent, ids and names', () => {
    expect(percent(0.456)).toBe('46 %');
    expect(percent(1.7)).toBe('100 %');
    expect(shortId('6566b3f1a2c4e10d2b9f0a11')).toBe('…9f0a11');
    expect(taskName({ id: '6566b3f1a2c4e10d2b9f0a11', module: 'image-resize' })).toBe('image-resize …9f0a11');
    expect(taskName({ id: 'x', label: 'thumbs', module: 'image-resize' })).toBe('thumbs');
  });
  it('estimates: starts in, ends at a time of day', () => {
    // Local times, so the test reads the same in every time zone.
    const now = new Date(2026, 11, 7, 13, 50, 0).getTime();
    const at = (h: number, m: number, day = 7) => new Date(2026, 11, day, h, m, 0).toISOString();
    expect(eta({ estimatedStart: at(13, 53), estimatedFinish: at(14, 5) }, now)).toBe('starts ~in 3 min · ends ~14:05');
    expect(eta({ estimatedStart: at(13, 50), estimatedFinish: at(13, 51) }, now)).toBe('starts ~now · ends ~13:51');
    // A RUNNING task has only a finish; a task of a module with no history has neither.
    expect(eta({ estimatedFinish: at(9, 0, 8) }, now)).toBe('ends ~2026-12-08 09:00');
    expect(eta({}, now)).toBe('');
    expect(eta({ estimatedStart: 'not a time' }, now)).toBe('');
    expect(clockTime(null)).toBe('—');
  });
});
