// What the dashboard's browser scripts share: Debian's headless Chromium with a throw-away
// profile, an API call made from inside the page with the key the page keeps, and a test tone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const executablePath = process.env.TASKMILL_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Starts headless Chromium with a new profile under the temp folder (`prefix`); `options` are
 * playwright's (viewport, acceptDownloads). `close()` stops it and removes the profile.
 */
export async function launch(prefix, options = {}) {
  const profile = mkdtempSync(join(tmpdir(), prefix));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...options,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, close };
}

/** fetch from inside `page`, with the key the page keeps (if any); POST when there is a body. */
export const inPageFetch = (page, path, body, method) =>
  page.evaluate(
    async ([path, body, method]) => {
      const key = sessionStorage.getItem('taskmill.apiKey');
      const res = await fetch(path, {
        method: method ?? (body ? 'POST' : 'GET'),
        headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    [path, body, method],
  );

/** A PCM WAV (16 kHz mono, 16 bit) of a 440 Hz tone, `seconds` long. */
export function wav(seconds) {
  const rate = 16000;
  const samples = Math.round(seconds * rate);
  const out = Buffer.alloc(44 + samples * 2);
  out.write('RIFF', 0);
  out.writeUInt32LE(36 + samples * 2, 4);
  out.write('WAVEfmt ', 8);
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36);
  out.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) out.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return out;
}
