// What a person sees on the dashboard (issue 17, "Broken today"), in Debian's headless Chromium.
//   node e2e/what-a-person-sees.mjs <baseUrl> [screenshotDir]
// Run by src/test/java/dev/taskmill/ui/WhatAPersonSeesBrowserTest.java against a real service,
// which has made the module "e2e-once-good" AVAILABLE and then FAILED before this starts.
// Every check runs even when one before it failed (each prints "ok - ..." or "not ok - ..."), so
// one run lists everything that is broken; "E2E PASSED n checks" only when none failed. Checks
// look at what is on screen: bounding boxes, computed colours, rendered text and cues, dialogs.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inPageFetch, launch, wav } from './support.mjs';

const base = (process.argv[2] ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const shots = process.argv[3] ?? 'target/screenshots';
const apiKey = process.env.TASKMILL_API_KEY ?? 'test-admin-key';
mkdirSync(shots, { recursive: true });

let passed = 0;
const failed = [];
const assert = (cond, what) => {
  if (!cond) throw new Error(what);
  passed++;
  console.log(`ok - ${what}`);
};
/** A check whose failure is reported without stopping its group (what follows still needs doing). */
const soft = (cond, what) => {
  if (cond) {
    passed++;
    console.log(`ok - ${what}`);
  } else {
    failed.push(what);
    console.log(`not ok - ${what}`);
  }
};
/** Runs one group of checks; a failure is reported and the next group still runs. */
async function check(name, fn) {
  try {
    await fn();
  } catch (e) {
    failed.push(name);
    console.log(`not ok - ${name}: ${String(e?.message ?? e).split('\n')[0]}`);
    await page.screenshot({ path: join(shots, `failed-${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => undefined);
  }
}

const browser = await launch('taskmill-e2e-sees-', { viewport: { width: 1366, height: 900 } });
const { context } = browser;
const pageErrors = [];
let page = browser.page;
const listen = (p) => {
  p.on('pageerror', (e) => pageErrors.push(String(e)));
};
listen(page);

const keyDialog = () => page.locator('dialog.key-dialog[open]');
async function enterKey(key) {
  await keyDialog().waitFor({ timeout: 15000 });
  await page.locator('dialog.key-dialog input').fill(key);
  await page.locator('dialog.key-dialog button[type=submit]').click();
}

/** fetch from inside the page with the key the page keeps. */
const apiFetch = (path, body, method) => inPageFetch(page, path, body, method);

/** Uploads a file through the Data page's file chooser; returns the new item's id. */
async function upload(name, mimeType, buffer) {
  await page.goto(`${base}/#/data`);
  await page.locator('[data-testid=file-input]').setInputFiles({ name, mimeType, buffer });
  const link = page.locator('.uploads li.done a', { hasText: name });
  await link.waitFor({ timeout: 30000 });
  return (await link.getAttribute('href')).split('/data/')[1];
}

/** The next browser dialog (confirm), answered; resolves to its message, rejects if none comes. */
function nextDialog(accept) {
  return new Promise((resolve, reject) => {
    const answer = async (d) => {
      clearTimeout(timer);
      const message = d.message();
      if (accept) await d.accept();
      else await d.dismiss();
      resolve(message);
    };
    const timer = setTimeout(() => {
      page.off('dialog', answer);
      reject(new Error('no confirmation was asked'));
    }, 10000);
    page.once('dialog', answer);
  });
}

/** A visible element's box (null when hidden or 0 x 0). */
const box = (locator) => locator.boundingBox();

const taskOf = async (id) => (await apiFetch(`/api/v1/tasks/${id}`)).body ?? {};
async function until(what, fn, ms = 60000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(250);
  }
}

try {
  // The first visit, with no key yet: the header must not claim the service is offline; the
  // dialog says where the first key is; a wrong key, then the right one, leaves no stale banner.
  await check('first visit, wrong key then right key', async () => {
    await page.goto(`${base}/#/`);
    await keyDialog().waitFor({ timeout: 15000 });
    const live = await page.locator('header .live').innerText();
    soft(!/offline/i.test(live), `before any key the header does not say offline ("${live.trim()}")`);
    const dialogText = await page.locator('dialog.key-dialog').innerText();
    soft(dialogText.includes('data/admin-key'), 'the key dialog says the first key is in data/admin-key');
    await page.screenshot({ path: join(shots, 'sees-key-dialog-1366.png') });
    await enterKey('not-the-right-key');
    await enterKey(apiKey);
    await page.locator('.counts').waitFor({ timeout: 15000 });
    await page.locator('.live-live').waitFor({ timeout: 15000 });
    const stale = page.locator('.error', { hasText: /unknown|401/i });
    await page.waitForTimeout(500); // let any late answer render before looking
    assert((await stale.count()) === 0 || !(await stale.first().isVisible()), 'after the right key no "API key is unknown" banner is left on screen');
    await page.screenshot({ path: join(shots, 'sees-overview-after-key-1366.png') });
  });

  await check('who is logged in, log out', async () => {
    const who = page.locator('header .who');
    await who.waitFor({ timeout: 10000 });
    const text = await who.innerText();
    assert(/admin/.test(text), `the header shows who is logged in ("${text.trim()}")`);
    await page.locator('header button', { hasText: 'Log out' }).click();
    await keyDialog().waitFor({ timeout: 10000 });
    assert((await page.evaluate(() => sessionStorage.getItem('taskmill.apiKey'))) === null, 'Log out forgets the key and asks for one again');
    await enterKey(apiKey);
    await page.locator('header .who').waitFor({ timeout: 10000 });
  });

  // From here on, whenever the dashboard asks for the key, it gets it.
  await page.addLocatorHandler(keyDialog(), async () => {
    await page.locator('dialog.key-dialog input').fill(apiKey);
    await page.locator('dialog.key-dialog button[type=submit]').click();
  });

  await check('#/new opened directly', async () => {
    const tab = await context.newPage();
    listen(tab);
    await tab.goto(`${base}/#/new`);
    await tab.locator('.live-live').waitFor({ timeout: 15000 });
    assert(true, '#/new opened directly connects the event stream ("live")');
    await tab.close();
  });

  await check('audio preview visible', async () => {
    const id = await upload('tone.wav', 'audio/wav', wav(3));
    await page.goto(`${base}/#/data/${id}`);
    const audio = page.locator('audio.media');
    await page.waitForFunction(() => (document.querySelector('audio')?.duration ?? 0) > 2.9, null, { timeout: 15000 });
    const b = await box(audio);
    assert(b && b.height >= 24 && b.width >= 200, `the audio player is on screen (${b ? `${Math.round(b.width)} x ${Math.round(b.height)} px` : 'no box'})`);
    await audio.screenshot({ path: join(shots, 'sees-audio-player.png') });
  });

  await check('subtitles from SRT', async () => {
    const mp4 = readFileSync(new URL('../../../../scripts/demo-media/speech-and-face.mp4', import.meta.url));
    const video = await upload('subs-demo.mp4', 'video/mp4', mp4);
    await upload('subs-demo.srt', 'application/x-subrip', Buffer.from('1\n00:00:00,000 --> 00:00:30,000\nHello from an SRT file\n\n2\n00:00:30,500 --> 00:00:31,000\nSecond line\n'));
    await upload('subs-transcript.txt', 'text/plain', Buffer.from('hello from a plain transcript\n'));
    await page.goto(`${base}/#/data/${video}`);
    const select = page.locator('label:has-text("Subtitles") select');
    await select.waitFor({ timeout: 15000 });
    await page.waitForFunction(() => [...document.querySelectorAll('label select option')].some((o) => o.textContent.includes('subs-demo.srt')), null, { timeout: 10000 });
    const options = await select.locator('option').allInnerTexts();
    assert(!options.some((o) => o.includes('subs-transcript.txt')), `the Subtitles menu offers no plain text (${options.join(', ')})`);
    await select.selectOption({ label: options.find((o) => o.includes('subs-demo.srt')) });
    await page.waitForFunction(() => (document.querySelector('video track')?.track?.cues?.length ?? 0) === 2, null, { timeout: 10000 });
    const shown = await page.evaluate(async () => {
      const v = document.querySelector('video');
      const seeked = new Promise((r) => v.addEventListener('seeked', r, { once: true }));
      v.currentTime = 1;
      await seeked;
      const t = v.textTracks[0];
      return { mode: t.mode, active: [...(t.activeCues ?? [])].map((c) => c.text) };
    });
    assert(shown.mode === 'showing' && shown.active.includes('Hello from an SRT file'), `the SRT cue is showing on the video at 1 s (${JSON.stringify(shown)})`);
    await page.locator('video').screenshot({ path: join(shots, 'sees-video-subtitles.png') });
  });

  // A slow tm-echo task, cancelled from its page (after a confirmation), then retried.
  const notes = await apiFetch('/api/v1/data', { kind: 'TEXT', label: 'sees-notes.txt', text: 'hello' });
  const slow = (await apiFetch('/api/v1/tasks', { module: 'tm-echo', label: 'sees slow echo', inputs: { text: notes.body?.id }, params: { sleep: 60 } })).body?.id;

  await check('progress bar percentage colours', async () => {
    await until('the slow task to run', async () => (await taskOf(slow)).status === 'RUNNING', 90000);
    await page.goto(`${base}/#/tasks/${slow}`);
    const bar = page.locator('.page > .bar');
    await bar.waitFor({ timeout: 15000 });
    await page.waitForFunction(() => Number(document.querySelector('.page > .bar')?.getAttribute('aria-valuenow')) > 0, null, { timeout: 30000 });
    const texts = await bar.locator('.bar-text').evaluateAll((els) =>
      els.map((e) => ({ blend: getComputedStyle(e).mixBlendMode, color: getComputedStyle(e).color, text: e.textContent })),
    );
    assert(texts.length > 0 && texts.every((t) => t.blend === 'normal'), `the percentage is drawn without a blend mode (${JSON.stringify(texts)})`);
    const fg = await page.evaluate(() => getComputedStyle(document.body).color);
    const allowed = new Set(['rgb(255, 255, 255)', fg]);
    assert(texts.every((t) => allowed.has(t.color)), `the percentage is white on the fill and the text colour beside it, never amber (${texts.map((t) => t.color).join(', ')})`);
    await bar.screenshot({ path: join(shots, 'sees-progress-bar.png') });
  });

  await check('cancel asks, and says cancelled and who', async () => {
    await page.goto(`${base}/#/tasks/${slow}`);
    await page.locator('h1 .status.st-running').waitFor({ timeout: 15000 });
    const asked = nextDialog(false);
    await page.click('button:has-text("Cancel")');
    const message = await asked;
    assert(/cancel/i.test(message), `Cancel asks first ("${message}")`);
    assert((await taskOf(slow)).status === 'RUNNING', 'answering No leaves the task running');
    const ok = nextDialog(true);
    await page.click('button:has-text("Cancel")');
    await ok;
    await page.locator('h1 .status.st-cancelled').waitFor({ timeout: 20000 });
    // The event stream's status change shows first; the task as the cancel answered it (who
    // cancelled) follows a moment later: wait for it as a person would, up to 10 s.
    const banners = '.page > [role=alert], .page > .notice';
    await page
      .waitForFunction((sel) => [...document.querySelectorAll(sel)].some((e) => /cancelled by/i.test(e.innerText)), banners, { timeout: 10000 })
      .catch(() => {});
    const banner = await page.locator(banners).allInnerTexts();
    const all = banner.join(' | ');
    assert(!/failed/i.test(all) && /cancelled by admin/i.test(all), `the page says cancelled, and by whom ("${all}")`);
    const outputs = await page.locator('#io .ports').last().innerText();
    assert(!/FAILED/.test(outputs), `its outputs are not shown as FAILED ("${outputs.replace(/\n/g, ' ')}")`);
    await page.screenshot({ path: join(shots, 'sees-task-cancelled-1366.png'), fullPage: true });
  });

  await check('retry after cancel: attempts and waited', async () => {
    await page.waitForTimeout(4000); // the task sits cancelled a while: that is not waiting
    await page.click('button:has-text("Retry")');
    await until('the retried task to run', async () => (await taskOf(slow)).status === 'RUNNING', 90000);
    const t = await taskOf(slow);
    await page.locator('#attempts tbody tr').nth(1).waitFor({ timeout: 15000 });
    const numbers = await page.locator('#attempts tbody tr td:first-child').allInnerTexts();
    assert(new Set(numbers).size === numbers.length, `each attempt row has its own number (${numbers.join(', ')})`);
    const waitedText = await page.locator('.kv div', { hasText: 'Waited' }).locator('dd').innerText();
    const ms = /(\d+(?:\.\d+)?) (ms|s)\b/.exec(waitedText);
    const shownMs = ms ? Number(ms[1]) * (ms[2] === 's' ? 1000 : 1) : Infinity;
    const cancelledFor = Date.parse(t.startedAt) - Date.parse(t.attempts?.[0]?.finishedAt ?? t.createdAt);
    const sinceCreated = Date.parse(t.startedAt) - Date.parse(t.createdAt);
    assert(shownMs < sinceCreated - 3000, `"Waited" (${waitedText}) leaves out the ${Math.round(cancelledFor / 1000)} s it sat cancelled`);
    const ok = nextDialog(true);
    await page.click('button:has-text("Cancel")');
    await ok;
    await page.locator('h1 .status.st-cancelled').waitFor({ timeout: 20000 });
  });

  await check('graph labels and the demo-sized DAG at 1366 px', async () => {
    // The demo's shape (scripts/demo): a chain of five steps plus a side branch, here with tm-echo.
    const out = (step) => ({ step, output: 'echo' });
    const created = await apiFetch('/api/v1/pipelines', {
      label: 'ux failing pipeline',
      steps: [
        { name: 'audio', module: 'tm-echo', inputs: { text: notes.body.id }, params: { fail: true } },
        { name: 'transcript', module: 'tm-echo', inputs: { text: out('audio') } },
        { name: 'subtitles', module: 'tm-echo', inputs: { text: out('transcript') } },
        { name: 'burned', module: 'tm-echo', inputs: { text: out('subtitles') } },
        { name: 'faces', module: 'tm-echo', inputs: { text: notes.body.id } },
      ],
    });
    assert(created.status === 201, `the pipeline was created (${created.status})`);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/#/pipelines/${created.body.id}`);
    await page.locator('#graph svg.graph .gnode').first().waitFor({ timeout: 15000 });
    await page.locator('#graph .gnode.st-failed').first().waitFor({ timeout: 60000 });
    const g = await page.evaluate(() => {
      const wrap = document.querySelector('#graph .graph-wrap');
      const svg = wrap.querySelector('svg');
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const fonts = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
      const nodes = [...svg.querySelectorAll('.gnode')].map((n) => {
        const rect = n.querySelector('rect').getBBox();
        const texts = [...n.querySelectorAll('text')];
        return {
          full: n.querySelector('title')?.textContent ?? '',
          shown: texts.map((t) => t.textContent).join(' '),
          overflow: Math.max(...texts.map((t) => t.getBBox().x + t.getBBox().width - (rect.x + rect.width))),
        };
      });
      return { overflowX: wrap.scrollWidth - wrap.clientWidth, minFont: Math.min(...fonts), nodes };
    });
    assert(g.overflowX <= 1, `the demo-sized DAG fits the page at 1366 px without scrolling sideways (${g.overflowX} px over)`);
    assert(g.minFont >= 11, `graph text is at least 11 px on screen (smallest ${g.minFont.toFixed(1)} px)`);
    // Output labels are "<pipeline>/<step>:<port>"; the port is what tells them apart.
    const items = g.nodes.filter((n) => /^Data item .*:\w+ —/.test(n.full));
    const cut = items.filter((n) => !n.shown.includes(`:${/:(\w+) —/.exec(n.full)[1]}`));
    assert(items.length >= 5 && cut.length === 0, `every output node shows its port name (${cut.map((n) => n.shown).join(' / ') || `${items.length} items`})`);
    const over = g.nodes.filter((n) => n.overflow > 0.5);
    assert(over.length === 0, `no label runs past its node (${over.map((n) => n.shown).join(' / ')})`);
    await page.screenshot({ path: join(shots, 'sees-pipeline-1366.png'), fullPage: true });

    const step = (await apiFetch(`/api/v1/pipelines/${created.body.id}`)).body.steps[0].taskId;
    await page.goto(`${base}/#/tasks/${step}`);
    const link = page.locator('.kv div', { hasText: 'Pipeline' }).locator('a');
    await link.waitFor({ timeout: 10000 });
    // The label comes with the pipeline, read after the task: wait for it, then say what is shown.
    await link.filter({ hasText: 'ux failing pipeline' }).waitFor({ timeout: 10000 }).catch(() => undefined);
    const shown = await link.innerText();
    assert(shown.includes('ux failing pipeline'), `the task page links its pipeline by label ("${shown}")`);
  });

  await check('module actions ask first', async () => {
    await page.goto(`${base}/#/modules`);
    const card = page.locator('[data-module="text-stats"]');
    await card.locator('.status.st-available').waitFor({ timeout: 30000 });
    for (const action of ['Disable', 'Reinstall']) {
      const asked = nextDialog(false);
      await card.locator('button', { hasText: action }).click();
      const message = await asked;
      assert(message.includes('text-stats'), `${action} asks first ("${message}")`);
      const status = (await apiFetch('/api/v1/modules/text-stats')).body?.status;
      assert(status === 'AVAILABLE', `answering No to ${action} leaves text-stats AVAILABLE (${status})`);
    }
  });

  await check('FAILED module card', async () => {
    const card = page.locator('[data-module="e2e-once-good"]');
    await card.locator('.status.st-failed').waitFor({ timeout: 30000 });
    const text = await card.innerText();
    assert(!/available since/i.test(text), 'the FAILED card does not say "available since"');
    assert(/last worked/i.test(text), `the FAILED card says when it last worked ("${text.replace(/\n/g, ' ').slice(0, 300)}")`);
    await card.screenshot({ path: join(shots, 'sees-module-failed.png') });
  });

  await check('instances page', async () => {
    const expected = (await apiFetch('/api/v1/instances')).body ?? [];
    await page.goto(`${base}/#/instances`);
    await page.locator('header nav a', { hasText: 'Instances' }).waitFor();
    const row = page.locator('table.instances tbody tr').first();
    await row.waitFor({ timeout: 15000 });
    const me = expected[0];
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    assert(me && text.includes(me.id) && text.includes(me.role) && text.includes(me.state), `the instances page shows this instance, its role and state ("${text.slice(0, 200)}")`);
    assert(text.includes(`${me.freeSlots} of ${me.capacity}`), `it shows free slots of capacity (${me.freeSlots} of ${me.capacity})`);
    const b = await box(row);
    assert(b && b.height > 20 && b.width > 600, `the row is on screen (${b ? `${Math.round(b.width)} x ${Math.round(b.height)}` : 'no box'})`);
    await page.screenshot({ path: join(shots, 'sees-instances-1366.png'), fullPage: true });
  });

  await check('no script errors', async () => {
    assert(pageErrors.length === 0, `no script errors in the page${pageErrors.length ? `: ${pageErrors.join(' | ')}` : ''}`);
  });
} catch (e) {
  failed.push(`setup: ${e?.message ?? e}`);
}
await browser.close();
if (failed.length) {
  console.log(`E2E FAILED: ${failed.length} of the groups failed: ${failed.join('; ')}`);
  process.exit(1);
}
console.log(`E2E PASSED ${passed} checks`);
process.exit(0);
