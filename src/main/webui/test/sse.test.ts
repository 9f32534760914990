import { describe, expect, it } from 'vitest';
import { SseParser, toChange } from '../src/lib/sse';

describe('SseParser', () => {
  it('parses named events with ids and skips heartbeat comments', () => {
    const p = new SseParser();
    const out = p.feed(':connected\n\nevent: task\nid: 7\ndata: {"id":"a","status":"RUNNING"}\n\n:heartbeat\n\n');
    expect(out).toEqual([{ event: 'task', id: '7', data: '{"id":"a","status":"RUNNING"}' }]);
  });

  it('joins events split across chunks at any point, including inside \\r\\n', () => {
    const text = 'event: data\r\ndata: {"id":"x",\r\ndata: "status":"AVAILABLE"}\r\n\r\nevent: module\ndata: {"id":"m"}\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      const out = [...p.feed(text.slice(0, cut)), ...p.feed(text.slice(cut))];
      expect(out.map((m) => m.event)).toEqual(['data', 'module']);
      expect(out[0].data).toBe('{"id":"x",\n"status":"AVAILABLE"}');
    }
  });

  it('defaults the event name to message and keeps the last id', () => {
    const p = new SseParser();
    expect(p.feed('id: 3\ndata:x\n\ndata: y\n\n')).toEqual([
      { event: 'message', data: 'x', id: '3' },
      { event: 'message', data: 'y', id: '3' },
    ]);
  });

  it('does not emit an event without data or before its blank line', () => {
    const p = new SseParser();
    expect(p.feed('event: task\n\n')).toEqual([]);
    expect(p.feed('event: task\ndata: {}\n')).toEqual([]);
    expect(p.feed('\n')).toHaveLength(1);
  });
});

describe('toChange', () => {
  it('reads the JSON object with its id', () => {
    expect(toChange({ event: 'task', data: '{"id":"t1","status":"QUEUED","progress":{"fraction":0.5}}' })).toEqual({
      type: 'task',
      id: 't1',
      data: { id: 't1', status: 'QUEUED', progress: { fraction: 0.5 } },
    });
  });
  it('ignores data that is not a JSON object', () => {
    expect(toChange({ event: 'task', data: 'not json' })).toBeNull();
    expect(toChange({ event: 'task', data: '[1,2]' })).toBeNull();
    expect(toChange({ event: 'task', data: 'null' })).toBeNull();
  });
});
