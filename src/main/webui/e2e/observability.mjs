// The operator views of the dashboard (issue 17, "Missing for operators"), in headless Chromium.
//   node e2e/observability.mjs <baseUrl> [screenshotDir]
// Run by src/test/java/dev/taskmill/ui/ObservabilityBrowserTest.java against a real service whose
// tm-echo module is AVAILABLE. It makes tasks end (two succeed, one fails, a three-step pipeline
// succeeds) and looks at what a person sees: bars in the throughput chart, one timeline row per
// step with visible widths, a video's media facts, the log's times, search and Download, and the
// API docs link. Every group runs even when one before it failed; "E2E PASSED n checks" only when
// none failed.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inPageFetch, launch } from './support.mjs';

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
async function check(name, fn) {
  try {
    await fn();
  } catch (e) {
    failed.push(name);
    console.log(`not ok - ${name}: ${String(e?.message ?? e).split('\n')[0]}`);
    await page.screenshot({ path: join(shots, `failed-obs-${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => undefined);
  }
}

const browser = await launch('taskmill-e2e-obs-', { viewport: { width: 1366, height: 900 }, acceptDownloads: true });
const { context } = browser;
const page = browser.page;
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
/** Requests any page of the context sends elsewhere than the service: there must be none. */
const outside = [];
context.on('request', (r) => {
  const url = r.url();
  if (/^https?:/.test(url) && !url.startsWith(base)) outside.push(url);
});

const apiFetch = (path, body, method) => inPageFetch(page, path, body, method);
const taskOf = async (id) => (await apiFetch(`/api/v1/tasks/${id}`)).body ?? {};
async function until(what, fn, ms = 90000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(250);
  }
}
const box = (locator) => locator.boundingBox();

try {
  await page.goto(`${base}/#/`);
  await page.locator('dialog.key-dialog[open]').waitFor({ timeout: 15000 });
  await page.locator('dialog.key-dialog input').fill(apiKey);
  await page.locator('dialog.key-dialog button[type=submit]').click();
  await page.locator('.counts').waitFor({ timeout: 15000 });
  await page.addLocatorHandler(page.locator('dialog.key-dialog[open]'), async () => {
    await page.locator('dialog.key-dialog input').fill(apiKey);
    await page.locator('dialog.key-dialog button[type=submit]').click();
  });

  // Tasks that end: two succeed, one fails, and a pipeline of three steps in a chain.
  const text = (await apiFetch('/api/v1/data', { kind: 'TEXT', label: 'obs-notes.txt', text: 'hello' })).body.id;
  const echo = (params) => apiFetch('/api/v1/tasks', { module: 'tm-echo', label: 'obs echo', inputs: { text }, params });
  const ok1 = (await echo({ suffix: '!' })).body.id;
  const ok2 = (await echo({})).body.id;
  const bad = (await echo({ fail: true })).body.id;
  const out = (step) => ({ step, output: 'echo' });
  const pipeline = await apiFetch('/api/v1/pipelines', {
    label: 'obs timeline',
    steps: [
      { name: 'first', module: 'tm-echo', inputs: { text }, params: { sleep: 1 } },
      { name: 'second', module: 'tm-echo', inputs: { text: out('first') }, params: { sleep: 1 } },
      { name: 'third', module: 'tm-echo', inputs: { text: out('second') } },
    ],
  });
  assert(pipeline.status === 201, `the pipeline was created (${pipeline.status})`);
  const steps = pipeline.body.steps.map((s) => s.taskId);
  for (const id of [ok1, ok2, bad, ...steps]) {
    await until(`task ${id} to end`, async () => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes((await taskOf(id)).status));
  }
  assert((await taskOf(bad)).status === 'FAILED' && (await taskOf(ok1)).status === 'SUCCEEDED', 'the tasks ended: one FAILED, the others SUCCEEDED');

  await check('throughput chart', async () => {
    await page.goto(`${base}/#/`);
    await page.reload();
    const chart = page.locator('#throughput svg.chart');
    await chart.waitFor({ timeout: 15000 });
    const ok = page.locator('#throughput rect.bar-ok[data-succeeded]');
    const badBars = page.locator('#throughput rect.bar-bad[data-failed]');
    await ok.first().waitFor({ timeout: 15000 });
    const okBox = await box(ok.last());
    assert(okBox && okBox.height >= 2 && okBox.width >= 1, `a green bar stands for the tasks that succeeded (${okBox ? `${okBox.width.toFixed(1)} x ${okBox.height.toFixed(1)} px` : 'no box'})`);
    assert((await badBars.count()) >= 1 && (await box(badBars.last())).height >= 2, 'a red bar stands for the task that failed');
    const counted = await ok.evaluateAll((rs) => rs.reduce((n, r) => n + Number(r.dataset.succeeded), 0));
    assert(counted >= 5, `the bars count at least the 5 tasks that succeeded here (${counted})`);
    const select = page.locator('#throughput select[aria-label="Module of the chart"]');
    assert((await select.locator('option', { hasText: 'tm-echo' }).count()) === 1, 'tm-echo can be chosen in the chart');
    await select.selectOption('tm-echo');
    await page.locator('#throughput [data-totals]').filter({ hasText: /[1-9]\d* failed/ }).waitFor({ timeout: 10000 });
    const chartBox = await box(chart);
    assert(chartBox && chartBox.width > 600 && chartBox.height > 100, `the chart is on screen (${chartBox ? `${Math.round(chartBox.width)} x ${Math.round(chartBox.height)}` : 'no box'})`);
    await page.locator('#throughput').screenshot({ path: join(shots, 'obs-throughput.png') });
  });

  await check('pipeline timeline', async () => {
    await page.goto(`${base}/#/pipelines/${pipeline.body.id}`);
    const rows = page.locator('#timeline .tl-row[data-step]');
    await rows.first().waitFor({ timeout: 15000 });
    assert((await rows.count()) === 3, `the timeline has one row per step (${await rows.count()})`);
    const widths = [];
    for (const name of ['first', 'second', 'third']) {
      const run = page.locator(`#timeline .tl-row[data-step="${name}"] .tl-seg[data-phase=running]`);
      const b = await box(run);
      widths.push(b ? b.width : 0);
    }
    assert(widths.every((w) => w >= 2), `each step's run is a visible bar (${widths.map((w) => w.toFixed(1)).join(', ')} px)`);
    const starts = [];
    for (const name of ['first', 'second', 'third']) starts.push((await box(page.locator(`#timeline .tl-row[data-step="${name}"] .tl-seg[data-phase=running]`))).x);
    assert(starts[0] < starts[1] && starts[1] < starts[2], 'the chained steps run one after the other on the axis');
    const second = await page.locator('#timeline .tl-row[data-step="second"]').innerText();
    assert(/\d/.test(second) && !/—\s*$/.test(second.trim()), `the row says how long the step waited and ran ("${second.replace(/\s+/g, ' ').trim()}")`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 1, `the timeline fits 1366 px without scrolling sideways (${overflow} px over)`);
    await page.locator('#timeline').screenshot({ path: join(shots, 'obs-timeline-1366.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    const narrow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const run390 = await box(page.locator('#timeline .tl-row[data-step="third"] .tl-seg[data-phase=running]'));
    assert(narrow <= 1 && run390 && run390.width >= 2, `at 390 px the timeline fits (${narrow} px over) and its bars stay visible`);
    await page.locator('#timeline').screenshot({ path: join(shots, 'obs-timeline-390.png') });
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  await check('media facts of a video', async () => {
    const mp4 = readFileSync(new URL('../../../../scripts/demo-media/speech-and-face.mp4', import.meta.url));
    await page.goto(`${base}/#/data`);
    await page.locator('[data-testid=file-input]').setInputFiles({ name: 'obs-video.mp4', mimeType: 'video/mp4', buffer: mp4 });
    const link = page.locator('.uploads li.done a', { hasText: 'obs-video.mp4' });
    await link.waitFor({ timeout: 30000 });
    const id = (await link.getAttribute('href')).split('/data/')[1];
    const media = (await apiFetch(`/api/v1/data/${id}`)).body.media ?? {};
    await page.goto(`${base}/#/data/${id}`);
    const facts = page.locator('.media-facts');
    await facts.waitFor({ timeout: 15000 });
    const shown = (await facts.innerText()).replace(/\s+/g, ' ');
    assert(media.width && shown.includes(`${media.width} × ${media.height}`), `the resolution is shown (${shown})`);
    assert(/Duration \d+:\d\d/.test(shown) && shown.includes('fps') && media.videoCodec && shown.includes(media.videoCodec), 'duration, frame rate and video codec are shown');
    const b = await box(facts);
    assert(b && b.height > 40, 'the facts are on screen');
    await facts.screenshot({ path: join(shots, 'obs-media-facts.png') });
  });

  await check('task log: times, search, download', async () => {
    await page.goto(`${base}/#/tasks/${ok1}`);
    const lines = page.locator('#log .log-line');
    await lines.first().waitFor({ timeout: 15000 });
    const all = await lines.count();
    assert(all >= 10, `the log shows its lines (${all})`);
    const time = await page.locator('#log .log-time').first().innerText();
    assert(/^\d\d:\d\d:\d\d\.\d{3}$/.test(time), `each line shows its time ("${time}")`);
    await page.locator('#log input[type=search]').fill('step 1 of');
    await page.waitForFunction(() => document.querySelectorAll('#log .log-line').length === 1, null, { timeout: 5000 });
    const only = await lines.first().innerText();
    assert(only.includes('step 1 of 10') && (await page.locator('#log .log-line mark').innerText()) === 'step 1 of', `the search leaves the one matching line, match highlighted ("${only}")`);
    await page.locator('#log label', { hasText: 'only matching lines' }).locator('input').uncheck();
    assert((await lines.count()) === all && (await page.locator('#log mark').count()) === 1, 'unchecking shows every line again, the match still marked');
    await page.locator('#log').screenshot({ path: join(shots, 'obs-log-search.png') });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.locator('#log button', { hasText: 'Download' }).click()]);
    const file = join(shots, '..', `obs-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const saved = readFileSync(file, 'utf8');
    assert(download.suggestedFilename() === `task-${ok1}.log`, `Download names the file after the task (${download.suggestedFilename()})`);
    assert(/echoing \d+ characters/.test(saved) && saved.split('\n').length - (saved.endsWith('\n') ? 1 : 0) === all, 'the downloaded file is the whole log');
  });

  await check('module setup log full width', async () => {
    await page.goto(`${base}/#/modules`);
    const card = page.locator('[data-module="tm-echo"]');
    await card.waitFor({ timeout: 15000 });
    await card.locator('button', { hasText: 'Setup and test log' }).click();
    await card.locator('pre.log').waitFor({ timeout: 15000 });
    assert(await card.locator('input[type="search"]').isVisible(), 'the setup log has the search box of every log view');
    assert(await card.locator('button', { hasText: 'Download' }).isVisible(), 'the setup log can be downloaded');
    const grid = await box(page.locator('.modules'));
    const b = await box(card);
    assert(b && grid && b.width >= grid.width - 2, `the card with its log open spans the page (${b ? Math.round(b.width) : 0} of ${grid ? Math.round(grid.width) : 0} px)`);
  });

  await check('API docs link', async () => {
    await page.goto(`${base}/#/`);
    const link = page.locator('header a.api-docs');
    assert(await link.isVisible(), 'the header shows an API docs link');
    const [docs] = await Promise.all([context.waitForEvent('page'), link.click()]);
    docs.on('pageerror', (e) => pageErrors.push(`swagger: ${e}`));
    await docs.locator('.swagger-ui .info .title').waitFor({ timeout: 20000 });
    const title = await docs.locator('.swagger-ui .info .title').innerText();
    assert(title.includes('Taskmill API'), `the link opens Swagger UI on the Taskmill API ("${title.split('\n')[0]}")`);
    await docs.locator('button.authorize').first().click();
    const modal = docs.locator('.dialog-ux .modal-ux');
    await modal.waitFor({ timeout: 10000 });
    const auth = (await modal.innerText()).replace(/\s+/g, ' ');
    assert(/bearer/i.test(auth) && auth.includes('Authorization: Bearer <key>'), `Authorize explains the key as a Bearer token ("${auth.slice(0, 160)}")`);
    await docs.screenshot({ path: join(shots, 'obs-swagger-authorize.png') });
    await docs.close();
  });

  await check('nothing from outside, no script errors', async () => {
    assert(outside.length === 0, `no request left the service${outside.length ? `: ${outside.slice(0, 5).join(', ')}` : ''}`);
    assert(pageErrors.length === 0, `no script errors${pageErrors.length ? `: ${pageErrors.join(' | ')}` : ''}`);
  });
} catch (e) {
  failed.push(`setup: ${e?.message ?? e}`);
  console.log(`not ok - setup: ${e?.message ?? e}`);
}
await browser.close();
if (failed.length) {
  console.log(`E2E FAILED: ${failed.length} of the groups failed: ${failed.join('; ')}`);
  process.exit(1);
}
console.log(`E2E PASSED ${passed} checks`);
process.exit(0);
