// A small layered layout for the graph of tasks and data items (a DAG by construction: a task
// consumes only items that exist). Layers by longest path from the sources, order inside a layer
// by the barycentre of the neighbours (a few sweeps), then fixed spacing. Good for tens to a few
// hundred nodes, which is what a pipeline or a lineage shows.

export interface DagNode {
  id: string;
}

export interface DagEdge {
  from: string;
  to: string;
  label?: string;
}

export interface Placed<N> {
  node: N;
  layer: number;
  x: number;
  y: number;
}

export interface Layout<N> {
  nodes: Placed<N>[];
  edges: { edge: DagEdge; path: string; mid: { x: number; y: number } }[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  gapX: number;
  gapY: number;
  margin: number;
  /** LR: layers left to right (wide screens); TB: top to bottom (phones). */
  direction: 'LR' | 'TB';
}

const DEFAULTS: LayoutOptions = { nodeWidth: 168, nodeHeight: 48, gapX: 56, gapY: 16, margin: 8, direction: 'LR' };

/** Layer of each node: 0 for sources, else 1 + the deepest predecessor. Cycles are cut. */
export function layers(ids: string[], edges: DagEdge[]): Map<string, number> {
  const known = new Set(ids);
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  const succs = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) {
    if (!known.has(e.from) || !known.has(e.to) || e.from === e.to) continue;
    preds.get(e.to)!.push(e.from);
    succs.get(e.from)!.push(e.to);
  }
  const indegree = new Map(ids.map((id) => [id, preds.get(id)!.length]));
  const layer = new Map<string, number>();
  const queue = ids.filter((id) => indegree.get(id) === 0);
  queue.forEach((id) => layer.set(id, 0));
  while (queue.length) {
    const id = queue.shift()!;
    for (const s of succs.get(id)!) {
      layer.set(s, Math.max(layer.get(s) ?? 0, layer.get(id)! + 1));
      indegree.set(s, indegree.get(s)! - 1);
      if (indegree.get(s) === 0) queue.push(s);
    }
  }
  for (const id of ids) if (!layer.has(id)) layer.set(id, 0); // on a cycle: should not happen
  return layer;
}

export function layout<N extends DagNode>(nodes: N[], edges: DagEdge[], opts: Partial<LayoutOptions> = {}): Layout<N> {
  const o = { ...DEFAULTS, ...opts };
  const ids = nodes.map((n) => n.id);
  const layerOf = layers(ids, edges);
  const byLayer: string[][] = [];
  for (const id of ids) (byLayer[layerOf.get(id)!] ??= []).push(id);
  for (let i = 0; i < byLayer.length; i++) byLayer[i] ??= [];
  const valid = edges.filter((e) => layerOf.has(e.from) && layerOf.has(e.to));
  const neighbours = (id: string, dir: 'up' | 'down') =>
    valid.filter((e) => (dir === 'up' ? e.to === id : e.from === id)).map((e) => (dir === 'up' ? e.from : e.to));
  const position = new Map<string, number>();
  const index = () => byLayer.forEach((l) => l.forEach((id, i) => position.set(id, i)));
  index();
  const sweep = (dir: 'up' | 'down') => {
    const order = dir === 'up' ? byLayer.map((_, i) => i).slice(1) : byLayer.map((_, i) => i).reverse().slice(1);
    for (const li of order) {
      const bary = new Map<string, number>();
      for (const id of byLayer[li]) {
        const ns = neighbours(id, dir).map((n) => position.get(n)!);
        bary.set(id, ns.length ? ns.reduce((a, b) => a + b, 0) / ns.length : position.get(id)!);
      }
      byLayer[li].sort((a, b) => bary.get(a)! - bary.get(b)! || position.get(a)! - position.get(b)!);
      byLayer[li].forEach((id, i) => position.set(id, i));
    }
  };
  for (let i = 0; i < 3; i++) {
    sweep('up');
    sweep('down');
  }
  const widest = Math.max(1, ...byLayer.map((l) => l.length));
  const tb = o.direction === 'TB';
  // Along a layer: nodes side by side (gapY apart); across layers: gapX apart.
  const along = tb ? o.nodeWidth : o.nodeHeight;
  const across = tb ? o.nodeHeight : o.nodeWidth;
  const spanAlong = o.margin * 2 + widest * along + (widest - 1) * o.gapY;
  const spanAcross = o.margin * 2 + byLayer.length * across + Math.max(0, byLayer.length - 1) * o.gapX;
  const width = tb ? spanAlong : spanAcross;
  const height = tb ? spanAcross : spanAlong;
  const coords = new Map<string, { x: number; y: number; layer: number }>();
  byLayer.forEach((l, li) => {
    const column = l.length * along + (l.length - 1) * o.gapY;
    const start = o.margin + (spanAlong - 2 * o.margin - column) / 2;
    l.forEach((id, i) => {
      const a = start + i * (along + o.gapY);
      const c = o.margin + li * (across + o.gapX);
      coords.set(id, tb ? { x: a, y: c, layer: li } : { x: c, y: a, layer: li });
    });
  });
  const placed = nodes.map((node) => ({ node, ...coords.get(node.id)! }));
  const routed = valid.map((edge) => {
    const a = coords.get(edge.from)!;
    const b = coords.get(edge.to)!;
    if (tb) {
      const x1 = a.x + o.nodeWidth / 2;
      const y1 = a.y + o.nodeHeight;
      const x2 = b.x + o.nodeWidth / 2;
      const y2 = b.y;
      const dy = Math.max(16, (y2 - y1) / 2);
      return { edge, path: `M${x1},${y1} C${x1},${y1 + dy} ${x2},${y2 - dy} ${x2},${y2}`, mid: { x: (x1 + x2) / 2 + 4, y: (y1 + y2) / 2 + 4 } };
    }
    const x1 = a.x + o.nodeWidth;
    const y1 = a.y + o.nodeHeight / 2;
    const x2 = b.x;
    const y2 = b.y + o.nodeHeight / 2;
    const dx = Math.max(24, (x2 - x1) / 2);
    return {
      edge,
      path: `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`,
      mid: { x: (x1 + x2) / 2, y: (y1 + y2) / 2 },
    };
  });
  return { nodes: placed, edges: routed, width, height };
}
