import { describe, expect, it } from 'vitest';
import { filterLines, highlight, parseLog } from '../src/lib/logs';

const LOG = '2026-01-01T10:00:00.120Z [ 10%] reading\n2026-01-01T10:00:01.000Z [INFO] Found 3 Faces\nplain line\n';

describe('parseLog', () => {
  it('splits the stamped time from the text, and numbers the lines', () => {
    expect(parseLog(LOG)).toEqual([
      { n: 1, time: '2026-01-01T10:00:00.120Z', text: '[ 10%] reading' },
      { n: 2, time: '2026-01-01T10:00:01.000Z', text: '[INFO] Found 3 Faces' },
      { n: 3, time: null, text: 'plain line' },
    ]);
  });

  it('reads an empty log as no lines', () => {
    expect(parseLog('')).toEqual([]);
  });
});

describe('filterLines', () => {
  it('keeps the lines whose text holds the search, any case, not matching the time', () => {
    const lines = parseLog(LOG);
    expect(filterLines(lines, 'faces').map((l) => l.n)).toEqual([2]);
    expect(filterLines(lines, '2026').map((l) => l.n)).toEqual([]);
    expect(filterLines(lines, '  ')).toHaveLength(3);
  });
});

describe('highlight', () => {
  it('cuts the text around every match, keeping its case', () => {
    expect(highlight('Face, face, FACE!', 'face')).toEqual([
      { text: 'Face', match: true },
      { text: ', ', match: false },
      { text: 'face', match: true },
      { text: ', ', match: false },
      { text: 'FACE', match: true },
      { text: '!', match: false },
    ]);
    expect(highlight('abc', '')).toEqual([{ text: 'abc', match: false }]);
  });
});
