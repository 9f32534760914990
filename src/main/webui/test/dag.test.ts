import { describe, expect, it } from 'vitest';
import { layers, layout } from '../src/lib/dag';

const n = (...ids: string[]) => ids.map((id) => ({ id }));

describe('layers', () => {
  it('puts each node one layer after its deepest predecessor', () => {
    // upload → t1 → a → t2 → b ; upload → t2 (a skip edge)
    const l = layers(['upload', 't1', 'a', 't2', 'b'], [
      { from: 'upload', to: 't1' },
      { from: 't1', to: 'a' },
      { from: 'a', to: 't2' },
      { from: 'upload', to: 't2' },
      { from: 't2', to: 'b' },
    ]);
    expect(Object.fromEntries(l)).toEqual({ upload: 0, t1: 1, a: 2, t2: 3, b: 4 });
  });
  it('ignores edges to unknown nodes and survives a cycle', () => {
    const l = layers(['a', 'b'], [
      { from: 'a', to: 'zzz' },
      { from: 'a', to: 'b' },
      { from: 'b', to: 'a' },
    ]);
    expect(l.size).toBe(2);
  });
});

describe('layout', () => {
  it('places layers left to right without overlaps, and routes every edge', () => {
    const nodes = n('i1', 'i2', 't', 'o1', 'o2', 'o3');
    const edges = [
      { from: 'i1', to: 't' },
      { from: 'i2', to: 't' },
      { from: 't', to: 'o1' },
      { from: 't', to: 'o2' },
      { from: 't', to: 'o3' },
    ];
    const l = layout(nodes, edges, { nodeWidth: 100, nodeHeight: 40, gapX: 50, gapY: 10, margin: 5 });
    const at = Object.fromEntries(l.nodes.map((p) => [p.node.id, p]));
    expect(at.i1.x).toBe(5);
    expect(at.t.x).toBe(155);
    expect(at.o1.x).toBe(305);
    const col = [at.o1, at.o2, at.o3].map((p) => p.y).sort((a, b) => a - b);
    expect(col[1] - col[0]).toBeGreaterThanOrEqual(50);
    expect(l.width).toBe(5 * 2 + 3 * 100 + 2 * 50);
    expect(l.height).toBe(5 * 2 + 3 * 40 + 2 * 10);
    expect(l.edges).toHaveLength(5);
    expect(l.edges[0].path).toMatch(/^M105,\d+(\.\d+)? C/);
    // The task sits in the middle of its column.
    expect(at.t.y).toBe(5 + (l.height - 10 - 40) / 2);
  });
  it('orders a layer by its neighbours so parallel chains do not cross', () => {
    const nodes = n('a', 'b', 'tb', 'ta', 'ob', 'oa');
    const edges = [
      { from: 'a', to: 'ta' },
      { from: 'b', to: 'tb' },
      { from: 'ta', to: 'oa' },
      { from: 'tb', to: 'ob' },
    ];
    const l = layout(nodes, edges);
    const y = Object.fromEntries(l.nodes.map((p) => [p.node.id, p.y]));
    expect(Math.sign(y.a - y.b)).toBe(Math.sign(y.ta - y.tb));
    expect(Math.sign(y.ta - y.tb)).toBe(Math.sign(y.oa - y.ob));
  });
  it('lays a chain out top to bottom for phones', () => {
    const l = layout(n('a', 't', 'b'), [
      { from: 'a', to: 't' },
      { from: 't', to: 'b' },
    ], { direction: 'TB', nodeWidth: 100, nodeHeight: 40, gapX: 30, gapY: 10, margin: 5 });
    expect(l.nodes.map((p) => [p.x, p.y])).toEqual([
      [5, 5],
      [5, 75],
      [5, 145],
    ]);
    expect(l.width).toBe(110);
    expect(l.height).toBe(5 * 2 + 3 * 40 + 2 * 30);
    expect(l.edges[0].path).toBe('M55,45 C55,61 55,59 55,75'); // control points at least 16 px out
  });
  it('lays out an empty graph', () => {
    expect(layout([], []).nodes).toEqual([]);
  });
});
