import { useEffect, useRef, useState } from 'preact/hooks';
import { fitText } from './lib/fitText';
import { layout, type DagEdge } from './lib/dag';

const NARROW = '(max-width: 600px)';

/** Phones get the graph top to bottom, wide screens left to right. */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => typeof matchMedia === 'function' && matchMedia(NARROW).matches);
  useEffect(() => {
    const q = matchMedia(NARROW);
    const on = () => setNarrow(q.matches);
    q.addEventListener('change', on);
    return () => q.removeEventListener('change', on);
  }, []);
  return narrow;
}

export interface GraphNode {
  id: string;
  type: 'task' | 'item';
  title: string;
  subtitle: string;
  status?: string | null;
  progress?: number | null;
  highlight?: boolean;
}

const W = 184;
const H = 48;
const PAD = 10;
const TITLE_FONT = '600 12px system-ui, sans-serif';
const SUB_FONT = '11px system-ui, sans-serif';
const EDGE_FONT = '11px system-ui, sans-serif';

/** The width of the graph's box, followed as the window resizes (0 until measured). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

/** A DAG drawing of tasks (rectangles) and data items (rounded), coloured by status, linked. */
export function Graph({ nodes, edges, label }: { nodes: GraphNode[]; edges: DagEdge[]; label: string }) {
  const narrow = useNarrow();
  const [wrap, width] = useWidth();
  // Drawn at its own size, never shrunk (text stays 11-12 px): left to right when that fits the
  // box, else top to bottom (a long chain such as the demo's), which only scrolls when even that
  // is wider than the box.
  const lr = layout(nodes, edges, { nodeWidth: W, nodeHeight: H });
  const tb = narrow || (width > 0 && lr.width > width);
  const l = tb ? layout(nodes, edges, { nodeWidth: W, nodeHeight: H, direction: 'TB', gapX: 40, gapY: 12 }) : lr;
  return (
    <div class="graph-wrap" ref={wrap}>
      <svg class="graph" width={l.width} height={l.height} viewBox={`0 0 ${l.width} ${l.height}`} role="img" aria-label={label} data-direction={tb ? 'TB' : 'LR'}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
          </marker>
        </defs>
        {l.edges.map((e) => (
          <g key={`${e.edge.from}-${e.edge.to}-${e.edge.label}`}>
            <path d={e.path} class="edge" marker-end="url(#arrow)" />
            {e.edge.label && (
              <text x={e.mid.x} y={e.mid.y - 4} class="edge-label" text-anchor={tb ? 'start' : 'middle'}>
                {fitText(e.edge.label, tb ? 80 : 110, EDGE_FONT)}
              </text>
            )}
          </g>
        ))}
        {l.nodes.map(({ node, x, y }) => (
          <a key={node.id} href={node.type === 'task' ? `#/tasks/${node.id}` : `#/data/${node.id}`} class={`gnode g-${node.type} st-${(node.status ?? 'unknown').toLowerCase()}${node.highlight ? ' g-root' : ''}`}>
            <title>{`${node.type === 'task' ? 'Task' : 'Data item'} ${node.title} — ${node.status ?? ''}`}</title>
            <rect x={x} y={y} width={W} height={H} rx={node.type === 'item' ? 18 : 4} />
            {node.type === 'task' && node.status === 'RUNNING' && node.progress != null && (
              <rect x={x + 1} y={y + H - 5} width={Math.max(0, Math.min(1, node.progress)) * (W - 2)} height={4} class="gprog" />
            )}
            <text x={x + PAD} y={y + 20} class="gtitle">
              {fitText(node.title, W - 2 * PAD, TITLE_FONT)}
            </text>
            <text x={x + PAD} y={y + 37} class="gsub">
              {fitText(`${node.subtitle} · ${node.status ?? ''}`, W - 2 * PAD, SUB_FONT)}
            </text>
          </a>
        ))}
      </svg>
    </div>
  );
}
