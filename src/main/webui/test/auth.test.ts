import { beforeEach, describe, expect, it } from 'vitest';
import { apiKey, askForKey, authHeaders, keyChanged, registerKeyPrompt, setApiKey } from '../src/lib/auth';

// Just enough of a browser: a sessionStorage and a cookie jar that records what was set.
const store = new Map<string, string>();
const cookies: string[] = [];
let jar = ''; // what the browser sends back as document.cookie
Object.assign(globalThis, {
  sessionStorage: {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  },
  document: {
    set cookie(v: string) {
      cookies.push(v);
    },
    get cookie() {
      return jar;
    },
  },
});

describe('API key', () => {
  beforeEach(() => {
    store.clear();
    cookies.length = 0;
    jar = '';
  });

  it('sends nothing until a key is known', () => {
    expect(apiKey()).toBeNull();
    expect(authHeaders()).toEqual({});
  });

  it('keeps the key for the tab, sends it as bearer, and sets the cookie for media and the stream', () => {
    setApiKey('k 1;x');
    expect(authHeaders()).toEqual({ Authorization: 'Bearer k 1;x' });
    expect(cookies.at(-1)).toBe('taskmill_key=k%201%3Bx; path=/; SameSite=Strict');
    setApiKey(null);
    expect(authHeaders()).toEqual({});
    expect(cookies.at(-1)).toContain('max-age=0');
  });

  it('in a new tab (nothing in sessionStorage) sends the key the session cookie holds', () => {
    jar = 'other=1; taskmill_key=k%201%3Bx';
    expect(apiKey()).toBe('k 1;x');
    expect(authHeaders()).toEqual({ Authorization: 'Bearer k 1;x' });
  });

  it('asks once for many concurrent 401s, trims the key, and wakes whoever waits for one', async () => {
    let asked = 0;
    registerKeyPrompt(async () => {
      asked++;
      return '  test-admin-key ';
    });
    const woken = keyChanged().then(() => 'woken');
    const results = await Promise.all([askForKey(), askForKey(), askForKey()]);
    expect(results).toEqual([true, true, true]);
    expect(asked).toBe(1);
    expect(apiKey()).toBe('test-admin-key');
    expect(await woken).toBe('woken');
  });

  it('reports a cancelled prompt and keeps no key', async () => {
    registerKeyPrompt(async () => null);
    expect(await askForKey()).toBe(false);
    expect(apiKey()).toBeNull();
  });
});
