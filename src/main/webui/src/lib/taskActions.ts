// Pure decisions behind the task list's selection and bulk actions, the sortable columns, the
// search's dates and "Run again with changes": kept out of the pages so vitest covers them.
import type { Field } from './schemaForm';
import type { Task } from './types';

/** What the task list searches by, as the hash and GET /api/v1/tasks name it. */
export interface TaskSearch {
  status: string;
  module: string;
  label: string;
  id: string;
  createdFrom: string;
  createdTo: string;
}

export const SEARCH_KEYS = ['status', 'module', 'label', 'id', 'createdFrom', 'createdTo'] as const;

/** The search fields of a hash query (absent ones empty). */
export function searchOf(query: URLSearchParams): TaskSearch {
  const s = {} as TaskSearch;
  for (const k of SEARCH_KEYS) s[k] = query.get(k) ?? '';
  return s;
}

/** Whether anything narrows the list: "all matching" with no filter would mean every task. */
export function narrows(search: TaskSearch): boolean {
  return SEARCH_KEYS.some((k) => search[k].trim() !== '');
}

/**
 * Which tasks are selected: some ids picked on the page, or every task matching the search
 * (across pages, as the server selects it).
 */
export type Selection = { kind: 'ids'; ids: string[] } | { kind: 'matching'; total: number };

export const NOTHING: Selection = { kind: 'ids', ids: [] };

export function selectedCount(sel: Selection): number {
  return sel.kind === 'ids' ? sel.ids.length : sel.total;
}

export function toggle(sel: Selection, id: string, pageIds: string[]): Selection {
  // Unticking one task of "all matching" keeps the rest of the page.
  const ids = sel.kind === 'ids' ? sel.ids : pageIds;
  return { kind: 'ids', ids: ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id] };
}

/** The page's header box: ticks every task on the page, or clears when they all are. */
export function togglePage(sel: Selection, pageIds: string[]): Selection {
  if (sel.kind === 'matching' || (pageIds.length > 0 && pageIds.every((id) => sel.ids.includes(id)))) return NOTHING;
  return { kind: 'ids', ids: [...new Set([...sel.ids, ...pageIds])] };
}

/** The bulk request: the ids, or the search the list shows (only its non-empty fields). */
export function bulkBody(sel: Selection, search: TaskSearch): Record<string, unknown> {
  if (sel.kind === 'ids') return { ids: sel.ids };
  const body: Record<string, string> = {};
  for (const k of SEARCH_KEYS) if (search[k].trim()) body[k] = search[k].trim();
  return body;
}

export type BulkAction = 'retry' | 'cancel' | 'delete';

const VERB: Record<BulkAction, [string, string]> = {
  retry: ['Retry', 'retried'],
  cancel: ['Cancel', 'cancelled'],
  delete: ['Delete', 'deleted'],
};

function tasks(n: number, noun = 'task'): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The question a person confirms before a bulk action, with how many tasks it touches. */
export function confirmText(action: BulkAction, sel: Selection): string {
  const n = selectedCount(sel);
  const which = sel.kind === 'matching' ? `all ${tasks(n)} matching this filter` : tasks(n);
  const why = {
    retry: 'Only FAILED or CANCELLED ones run again.',
    cancel: 'Running ones are stopped now; tasks that need their outputs fail too.',
    delete: 'Only finished ones are deleted, with their outputs that no unfinished task needs. This cannot be undone.',
  }[action];
  return `${VERB[action][0]} ${which}? ${why}`;
}

/** What a bulk action did, in a sentence; `noun` names what was acted on (a pipeline's steps). */
export function outcomeText(
  action: BulkAction,
  r: { matched: number; changed: number; failedTotal: number; failed?: { reason?: string }[] },
  noun = 'task',
): string {
  let text = `${tasks(r.changed, noun)} ${VERB[action][1]}`;
  if (r.failedTotal > 0) {
    const reason = r.failed?.[0]?.reason;
    text += `; ${r.failedTotal} left as ${r.failedTotal === 1 ? 'it was' : 'they were'}${reason ? ` (e.g. ${reason})` : ''}`;
  }
  return `${text}.`;
}

export const SORT_COLUMNS = ['created', 'finished', 'module', 'status'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** The order after a click on a column's header: a new column starts descending, the same flips. */
export function nextSort(current: { sort: string; order: string }, column: SortColumn): { sort: SortColumn; order: 'asc' | 'desc' } {
  const sort = (current.sort || 'created') as SortColumn;
  const order = current.order === 'asc' ? 'asc' : 'desc';
  if (sort !== column) return { sort: column, order: column === 'module' ? 'asc' : 'desc' };
  return { sort: column, order: order === 'asc' ? 'desc' : 'asc' };
}

/** aria-sort of a column header. */
export function ariaSort(current: { sort: string; order: string }, column: SortColumn): 'ascending' | 'descending' | 'none' {
  if ((current.sort || 'created') !== column) return 'none';
  return current.order === 'asc' ? 'ascending' : 'descending';
}

/**
 * A datetime-local field's value (local time, no zone) as the instant the API takes; '' stays
 * ''; a value the browser could not read is sent as typed, so the API's 400 names it.
 */
export function instantOf(local: string): string {
  if (!local.trim()) return '';
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

/** An instant as a datetime-local field shows it, in local time, to the minute. */
export function localOf(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The form's values for a module's params from an earlier task's params (absent: the default). */
export function valuesFromParams(fields: Field[], params: unknown, defaults: Record<string, string | boolean>): Record<string, string | boolean> {
  const given = params && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
  const v = { ...defaults };
  for (const f of fields) {
    if (!(f.name in given)) continue;
    const value = given[f.name];
    if (f.kind === 'boolean') v[f.name] = value === true;
    else if (f.kind === 'json') v[f.name] = JSON.stringify(value, null, 2);
    else v[f.name] = value === null || value === undefined ? '' : String(value);
  }
  return v;
}

/** The New task form's other fields from an earlier task. */
export function advancedFrom(t: Pick<Task, 'label' | 'priority' | 'maxAttempts' | 'timeoutSeconds'>): Record<string, string> {
  return {
    label: t.label ?? '',
    priority: t.priority ? String(t.priority) : '',
    maxAttempts: t.maxAttempts != null ? String(t.maxAttempts) : '',
    timeoutSeconds: t.timeoutSeconds != null ? String(t.timeoutSeconds) : '',
    delaySeconds: '',
  };
}

/** The changes of a retry from two text fields; empty ones are left out, others must be whole numbers. */
export function retryChanges(timeout: string, attempts: string): { body: { timeoutSeconds?: number; maxAttempts?: number }; errors: { field: string; message: string }[] } {
  const body: { timeoutSeconds?: number; maxAttempts?: number } = {};
  const errors: { field: string; message: string }[] = [];
  for (const [field, raw] of [
    ['timeoutSeconds', timeout],
    ['maxAttempts', attempts],
  ] as const) {
    const t = raw.trim();
    if (!t) continue;
    if (!/^\d+$/.test(t)) errors.push({ field, message: 'must be a whole number' });
    else body[field] = Number(t);
  }
  return { body, errors };
}
