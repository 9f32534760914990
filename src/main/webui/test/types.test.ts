import { describe, expect, it } from 'vitest';
import { DATA_KINDS, DATA_STATUSES, TASK_STATUSES } from '../src/lib/types';

describe('lists of schema enums', () => {
  it('keep the order they are written in (filters and counts show them so)', () => {
    expect(TASK_STATUSES).toEqual(['WAITING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
    expect(DATA_KINDS).toEqual(['IMAGE', 'VIDEO', 'AUDIO', 'TEXT', 'JSON', 'FILE']);
    expect(DATA_STATUSES).toEqual(['PENDING', 'AVAILABLE', 'FAILED']);
  });
});
