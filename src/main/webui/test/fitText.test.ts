import { describe, expect, it } from 'vitest';
import { fitText } from '../src/lib/fitText';

// One px per character, so the expected cuts are easy to read.
const mono = (text: string) => text.length;

describe('fitText', () => {
  it('leaves text that fits alone', () => {
    expect(fitText('short:port', 20, '', mono)).toBe('short:port');
  });

  it('keeps the step and port of a long output label', () => {
    const cut = fitText('ux failing pipeline/transcript:echo', 28, '', mono);
    expect(cut).toBe('ux failing…/transcript:echo');
    expect(cut.length).toBeLessThanOrEqual(28 + 1);
  });

  it('keeps at least the port when the step is long too', () => {
    expect(fitText('pipeline/a-very-long-step-name-indeed:subtitles', 24, '', mono)).toBe('pipeline/a-ve…:subtitles');
  });

  it('keeps the status after the module', () => {
    expect(fitText('a-module-with-a-long-name · SUCCEEDED', 24, '', mono)).toBe('a-module-wi… · SUCCEEDED');
  });

  it('cuts the end of text without separators', () => {
    expect(fitText('abcdefghijklmnopqrstuvwxyz', 10, '', mono)).toBe('abcdefghi…');
  });
});
