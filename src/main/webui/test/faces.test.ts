import { describe, expect, it } from 'vitest';
import { boxesAt, parseFaces, scaleFor, toBox } from '../src/lib/faces';

describe('face boxes', () => {
  it('reads the face-detect image format', () => {
    const f = parseFaces({ faces: [{ bbox: [10, 20, 30, 40], confidence: 0.9 }, { bbox: [1, 2] }] })!;
    expect(f.boxes).toEqual([{ x: 10, y: 20, w: 30, h: 40, confidence: 0.9, label: undefined }]);
    expect(f.normalized).toBe(false);
  });
  it('reads tracks with per-frame boxes, by time or by frame and fps', () => {
    const f = parseFaces({
      fps: 10,
      tracks: [
        { id: 7, frames: [{ frame: 0, bbox: [0, 0, 10, 10] }, { frame: 10, bbox: [5, 5, 10, 10] }] },
        { frames: [{ time: 1.0, bbox: { x: 50, y: 50, width: 20, height: 20 } }] },
      ],
    })!;
    expect(f.timed.map((t) => t.time)).toEqual([0, 1, 1]);
    const at1 = boxesAt(f, 0.98, 0.15);
    expect(at1.map((b) => [b.label, b.x])).toEqual([
      ['7', 5],
      ['2', 50],
    ]);
    expect(boxesAt(f, 0.5, 0.15)).toEqual([]);
  });
  it('reads frames with faces, and normalized coordinates', () => {
    const f = parseFaces({ frames: [{ t: 2, faces: [{ bbox: [0.1, 0.2, 0.3, 0.4] }] }] })!;
    expect(f.normalized).toBe(true);
    expect(boxesAt(f, 2.1)).toHaveLength(1);
    expect(scaleFor(f, { w: 640, h: 480 }, { w: 640, h: 480 })).toEqual({ sx: 640, sy: 480 });
  });
  it('scales from the size the JSON names', () => {
    const f = parseFaces({ width: 1000, height: 500, faces: [{ bbox: [1, 1, 2, 2] }] })!;
    expect(scaleFor(f, { w: 500, h: 250 }, { w: 500, h: 250 })).toEqual({ sx: 0.5, sy: 0.5 });
  });
  it('returns null for JSON without faces, and empty data for an empty result', () => {
    expect(parseFaces({ words: 3 })).toBeNull();
    expect(parseFaces('x')).toBeNull();
    expect(parseFaces({ faces: [] })).toEqual({ boxes: [], timed: [], normalized: false });
  });
  it('rejects degenerate boxes', () => {
    expect(toBox({ bbox: [0, 0, 0, 5] })).toBeNull();
    expect(toBox({ box: { left: 1, top: 2, right: 5, bottom: 6 } })).toMatchObject({ x: 1, y: 2, w: 4, h: 4 });
  });
});
