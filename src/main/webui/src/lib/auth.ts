// The API key: asked for once when the API answers 401, kept for the browser tab's session.
// Sent as `Authorization: Bearer` on fetch/XHR, and as the `taskmill_key` cookie so that
// <img>, <video>, <audio> and <track> requests carry it too. The API accepts the cookie for GET
// and HEAD only: every request that changes something must carry the header.

const STORAGE_KEY = 'taskmill.apiKey';
const COOKIE = 'taskmill_key';

export function apiKey(): string | null {
  try {
    const kept = sessionStorage.getItem(STORAGE_KEY);
    if (kept) return kept;
  } catch {
    /* storage disabled: fall back to the cookie */
  }
  return keyFromCookie();
}

// A new tab has an empty sessionStorage but the browser's session cookie: read the key from it, so
// that the tab's POSTs carry the header the API requires (the cookie alone only reads).
function keyFromCookie(): string | null {
  const jar = typeof document === 'undefined' ? '' : (document.cookie ?? '');
  for (const part of jar.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE && value.length) {
      try {
        return decodeURIComponent(value.join('=')) || null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

let waiters: (() => void)[] = [];

/** Resolves when a key is next entered (the live stream waits on it after a cancelled prompt). */
export function keyChanged(): Promise<void> {
  return new Promise((resolve) => waiters.push(resolve));
}

export function setApiKey(key: string | null): void {
  try {
    if (key) sessionStorage.setItem(STORAGE_KEY, key);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage disabled: the cookie still works for this page */
  }
  document.cookie = key
    ? `${COOKIE}=${encodeURIComponent(key)}; path=/; SameSite=Strict`
    : `${COOKIE}=; path=/; SameSite=Strict; max-age=0`;
  if (key) {
    const w = waiters;
    waiters = [];
    w.forEach((f) => f());
  }
}

/** Headers to add to a request: the bearer key when one is known. */
export function authHeaders(): Record<string, string> {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

type Asker = (wrong: boolean) => Promise<string | null>;
let asker: Asker | null = null;
let pending: Promise<boolean> | null = null;

/** The app registers the dialog that asks for a key. */
export function registerKeyPrompt(fn: Asker): void {
  asker = fn;
}

/**
 * Called when a request got 401: asks once (concurrent 401s share one prompt) and says whether a
 * new key was entered, so the caller can repeat its request.
 */
export function askForKey(): Promise<boolean> {
  if (!pending) {
    const hadKey = apiKey() != null;
    pending = (asker ? asker(hadKey) : Promise.resolve(window.prompt('Taskmill API key') ?? null))
      .then((key) => {
        if (key && key.trim()) {
          setApiKey(key.trim());
          return true;
        }
        return false;
      })
      .finally(() => {
        pending = null;
      });
  }
  return pending;
}

/** Restores the cookie from sessionStorage after a reload (the cookie is a session cookie too). */
export function restoreCookie(): void {
  const key = apiKey();
  if (key) setApiKey(key);
}

/** Forgets the key (this tab and its cookie); the next request asks for one again. */
export function logOut(): void {
  setApiKey(null);
}
