import type { Detection } from './types';

/**
 * The later of two views of detection passes: of one pass, FINISHED wins (a load answered before
 * the pass ended may arrive after the event saying it ended); of two passes, the one started last.
 */
export function latest(a: Detection | null, b: Detection | null): Detection | null {
  if (!a || !b) return a ?? b;
  if (a.id === b.id) return a.state === 'FINISHED' ? a : b;
  return (a.startedAt ?? '') >= (b.startedAt ?? '') ? a : b;
}
