import { useEffect, useState } from 'preact/hooks';
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

const W = 168;
const H = 48;

function clip(s: string, n: number) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** A DAG drawing of tasks (rectangles) and data items (rounded), coloured by status, linked. */
export function Graph({ nodes, edges, label }: { nodes: GraphNode[]; edges: DagEdge[]; label: string }) {
  const narrow = useNarrow();
  const l = layout(nodes, edges, narrow ? { nodeWidth: W, nodeHeight: H, direction: 'TB', gapX: 40, gapY: 12 } : { nodeWidth: W, nodeHeight: H });
  return (
    <div class="graph-wrap">
      {/* Shrinks to fit its box down to 70 % (text stays legible); wider graphs scroll. */}
      <svg class="graph" width={l.width} height={l.height} style={{ maxWidth: '100%', minWidth: `${Math.round(l.width * 0.7)}px` }} viewBox={`0 0 ${l.width} ${l.height}`} role="img" aria-label={label}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
          </marker>
        </defs>
        {l.edges.map((e) => (
          <g key={`${e.edge.from}-${e.edge.to}-${e.edge.label}`}>
            <path d={e.path} class="edge" marker-end="url(#arrow)" />
            {e.edge.label && (
              <text x={e.mid.x} y={e.mid.y - 4} class="edge-label" text-anchor={narrow ? 'start' : 'middle'}>
                {clip(e.edge.label, 14)}
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
            <text x={x + 10} y={y + 20} class="gtitle">
              {clip(node.title, 20)}
            </text>
            <text x={x + 10} y={y + 37} class="gsub">
              {clip(`${node.subtitle} · ${node.status ?? ''}`, 27)}
            </text>
          </a>
        ))}
      </svg>
    </div>
  );
}
