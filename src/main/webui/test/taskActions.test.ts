import { describe, expect, it } from 'vitest';
import { fieldsOf, initialValues } from '../src/lib/schemaForm';
import {
  NOTHING,
  advancedFrom,
  ariaSort,
  bulkBody,
  confirmText,
  instantOf,
  localOf,
  narrows,
  nextSort,
  outcomeText,
  retryChanges,
  searchOf,
  selectedCount,
  toggle,
  togglePage,
  valuesFromParams,
} from '../src/lib/taskActions';

describe('task list selection', () => {
  const page = ['a', 'b', 'c'];
  it('ticks and unticks single tasks', () => {
    const one = toggle(NOTHING, 'a', page);
    expect(one).toEqual({ kind: 'ids', ids: ['a'] });
    expect(toggle(one, 'a', page)).toEqual({ kind: 'ids', ids: [] });
  });
  it('the header box ticks the page, then clears it', () => {
    const all = togglePage(toggle(NOTHING, 'b', page), page);
    expect(selectedCount(all)).toBe(3);
    expect(togglePage(all, page)).toEqual(NOTHING);
    expect(togglePage({ kind: 'matching', total: 40 }, page)).toEqual(NOTHING);
  });
  it('unticking one of all matching keeps the rest of the page', () => {
    expect(toggle({ kind: 'matching', total: 40 }, 'b', page)).toEqual({ kind: 'ids', ids: ['a', 'c'] });
  });
  it('sends ids, or the search the list shows', () => {
    const search = searchOf(new URLSearchParams('status=FAILED&label=+nightly+&page=2'));
    expect(narrows(search)).toBe(true);
    expect(narrows(searchOf(new URLSearchParams('page=1')))).toBe(false);
    expect(bulkBody({ kind: 'ids', ids: ['a'] }, search)).toEqual({ ids: ['a'] });
    expect(bulkBody({ kind: 'matching', total: 7 }, search)).toEqual({ status: 'FAILED', label: 'nightly' });
  });
  it('asks with how many tasks and says what happened', () => {
    expect(confirmText('retry', { kind: 'ids', ids: ['a'] })).toMatch(/^Retry 1 task\?/);
    expect(confirmText('delete', { kind: 'matching', total: 12 })).toMatch(/^Delete all 12 tasks matching this filter\? .*cannot be undone/);
    expect(outcomeText('cancel', { matched: 3, changed: 2, failedTotal: 1, failed: [{ reason: 'Task x is SUCCEEDED' }] })).toBe(
      '2 tasks cancelled; 1 left as it was (e.g. Task x is SUCCEEDED).',
    );
    expect(outcomeText('delete', { matched: 1, changed: 1, failedTotal: 0 })).toBe('1 task deleted.');
    expect(outcomeText('retry', { matched: 2, changed: 2, failedTotal: 0 }, 'step')).toBe('2 steps retried.');
  });
});

describe('sortable columns', () => {
  it('a new column starts descending (module ascending); the same one flips', () => {
    expect(nextSort({ sort: '', order: '' }, 'created')).toEqual({ sort: 'created', order: 'asc' });
    expect(nextSort({ sort: 'created', order: 'asc' }, 'status')).toEqual({ sort: 'status', order: 'desc' });
    expect(nextSort({ sort: 'status', order: 'desc' }, 'module')).toEqual({ sort: 'module', order: 'asc' });
    expect(ariaSort({ sort: '', order: '' }, 'created')).toBe('descending');
    expect(ariaSort({ sort: 'module', order: 'asc' }, 'module')).toBe('ascending');
    expect(ariaSort({ sort: 'module', order: 'asc' }, 'status')).toBe('none');
  });
});

describe('search dates', () => {
  it('a local date-time becomes an instant and back', () => {
    const iso = instantOf('2026-12-07T10:30');
    expect(iso).toBe(new Date('2026-12-07T10:30').toISOString());
    expect(localOf(iso)).toBe('2026-12-07T10:30');
    expect(instantOf('')).toBe('');
    expect(instantOf('someday')).toBe('someday');
  });
});

describe('run again with changes', () => {
  const fields = fieldsOf({
    type: 'object',
    properties: { suffix: { type: 'string', default: '!' }, fail: { type: 'boolean' }, sleep: { type: 'number' }, extra: { type: 'object' } },
  });
  it('prefills the params the task had, the defaults for the rest', () => {
    const v = valuesFromParams(fields, { suffix: '?', fail: true, extra: { a: 1 } }, initialValues(fields));
    expect(v).toMatchObject({ suffix: '?', fail: true, sleep: '', extra: '{\n  "a": 1\n}' });
    expect(valuesFromParams(fields, null, initialValues(fields)).suffix).toBe('!');
  });
  it('prefills label, priority, attempts and timeout', () => {
    expect(advancedFrom({ label: 'nightly', priority: 0, maxAttempts: 2, timeoutSeconds: 60 })).toEqual({
      label: 'nightly',
      priority: '',
      maxAttempts: '2',
      timeoutSeconds: '60',
      delaySeconds: '',
    });
  });
  it('a retry sends only the changed fields, as whole numbers', () => {
    expect(retryChanges('120', '')).toEqual({ body: { timeoutSeconds: 120 }, errors: [] });
    expect(retryChanges('soon', '3').errors).toEqual([{ field: 'timeoutSeconds', message: 'must be a whole number' }]);
  });
});
