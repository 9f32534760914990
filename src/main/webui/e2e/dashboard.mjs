// End-to-end test of the dashboard in Debian's headless Chromium, driven by playwright-core.
//   node e2e/dashboard.mjs <baseUrl> [screenshotDir]
// Run by src/test/java/dev/taskmill/ui/DashboardBrowserTest.java against a real service.
// Prints one "ok - ..." line per check and "E2E PASSED n checks" at the end; exits 1 on the
// first failed check (printing "E2E FAILED: ..."), after saving a screenshot of the failure.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { inPageFetch, launch, wav } from './support.mjs';

const base = (process.argv[2] ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const shots = process.argv[3] ?? 'target/screenshots';
const apiKey = process.env.TASKMILL_API_KEY ?? 'test-admin-key';
mkdirSync(shots, { recursive: true });

let checks = 0;
const ok = (what) => {
  checks++;
  console.log(`ok - ${what}`);
};
const assert = (cond, what) => {
  if (!cond) throw new Error(what);
  ok(what);
};

/** A small RGB PNG (a gradient with a square), encoded here so the test needs no image files. */
function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      const inSquare = x > width / 3 && x < (2 * width) / 3 && y > height / 3 && y < (2 * height) / 3;
      raw[o] = inSquare ? 250 : Math.round((x / width) * 255);
      raw[o + 1] = inSquare ? 200 : Math.round((y / height) * 255);
      raw[o + 2] = inSquare ? 40 : 160;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const browser = await launch('taskmill-e2e-', { viewport: { width: 1280, height: 900 } });
const { context } = browser;
const pageErrors = [];
let prompted = false;
let page = browser.page;

/** Wherever the API asks for a key (when authentication is on), the test key is entered. */
async function watch(p) {
  p.on('pageerror', (e) => pageErrors.push(String(e)));
  p.on('console', (m) => m.type() === 'error' && !/401|Failed to load resource/.test(m.text()) && pageErrors.push(`console: ${m.text()}`));
  await p.addLocatorHandler(p.locator('dialog.key-dialog[open]'), async () => {
    if (!prompted) {
      prompted = true;
      await p.screenshot({ path: join(shots, 'key-prompt-1280.png') });
      console.log('ok - the API asked for a key; the test key is entered at the prompt');
    }
    await p.locator('dialog.key-dialog input').fill(apiKey);
    await p.locator('dialog.key-dialog button[type=submit]').click();
  });
}
await watch(page);

async function shot(name) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
    // Nothing may stick out sideways at phone width (the page scrolls only vertically).
    if (width === 390) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 1, `${name} fits 390 px without sideways scrolling (overflow ${overflow}px)`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** fetch from inside the page, with the key the page keeps (if any). */
const apiFetch = (path, body) => inPageFetch(page, path, body);

try {
  // Overview
  await page.goto(`${base}/#/`);
  await page.locator('.counts').waitFor();
  await page.locator('.live-live').waitFor({ timeout: 15000 });
  ok('overview loads and the event stream is live');
  await page.evaluate(() => (window.__sameDocument = true));
  const succeededBefore = Number(await page.locator('[data-count=SUCCEEDED]').innerText());
  await shot('overview-empty');

  // A second tab watches the overview while the first works: it must update without reload.
  const watcher = await context.newPage();
  await watch(watcher);
  await watcher.goto(`${base}/#/`);
  await watcher.locator('.live-live').waitFor({ timeout: 15000 });
  await watcher.evaluate(() => (window.__sameDocument = true));

  // Upload an image by dropping it on the drop zone.
  await page.goto(`${base}/#/data`);
  await page.locator('.dropzone').waitFor();
  const image = png(96, 64);
  await page.evaluate(
    ([bytes]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'e2e-square.png', { type: 'image/png' }));
      const zone = document.querySelector('.dropzone');
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    [Array.from(image)],
  );
  const done = page.locator('.uploads li.done a', { hasText: 'e2e-square.png' });
  await done.waitFor({ timeout: 20000 });
  assert((await page.locator('.uploads li.done progress').first().getAttribute('value')) === '1', 'the upload progress bar reached 100 %');
  await page.locator('tr[data-item] a', { hasText: 'e2e-square.png' }).first().waitFor();
  ok('the dropped image was uploaded and is listed');
  // A second upload through the file chooser (keyboard path): a text file.
  await page.locator('[data-testid=file-input]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('the cat sat on the mat\n') });
  const notesLink = page.locator('.uploads li.done a', { hasText: 'notes.txt' });
  await notesLink.waitFor({ timeout: 20000 });
  const notesId = (await notesLink.getAttribute('href')).split('/data/')[1];
  ok('a text file was uploaded through the file chooser');
  await page.selectOption('select >> nth=0', 'IMAGE');
  await page.waitForURL(/kind=IMAGE/);
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('tr[data-item]')];
    return rows.length > 0 && !rows.some((tr) => tr.textContent.includes('notes.txt'));
  });
  assert((await page.locator('tr[data-item]', { hasText: 'notes.txt' }).count()) === 0, 'the kind filter hides the text item');
  await shot('data');

  await done.click();
  await page.locator('.media-wrap img').waitFor();
  await page.waitForFunction(() => document.querySelector('.media-wrap img')?.naturalWidth === 96);
  ok('the image preview shows the uploaded picture');
  const imageId = page.url().split('/data/')[1];
  assert(/^[0-9a-f]{24}$/.test(imageId), `the data page has the item id (${imageId})`);
  await shot('data-item');

  // Face boxes drawn over the picture, from a face-detect style JSON item.
  const faceJson = await apiFetch('/api/v1/data', {
    kind: 'JSON',
    label: 'faces.json',
    json: { faces: [{ bbox: [10, 8, 30, 20], confidence: 0.93 }, { bbox: [60, 30, 20, 20], confidence: 0.5 }] },
  });
  assert(faceJson.status === 201, 'a face-detect style JSON item was created');
  await page.goto(`${base}/#/data/${imageId}?faces=${faceJson.body.id}`);
  await page.locator('svg.faces[data-boxes="2"]').waitFor({ timeout: 15000 });
  const firstBox = await page.locator('svg.faces rect').first().evaluate((r) => [r.getAttribute('x'), r.getAttribute('width')]);
  assert(firstBox[0] === '10' && firstBox[1] === '30', `two face boxes are drawn over the image at their pixel positions (${firstBox})`);
  await shot('data-faces');

  // Video: a short WebM recorded by the browser itself (canvas + MediaRecorder), uploaded through
  // the file chooser, shown with a VTT subtitle track and face-track boxes.
  const webm = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 160;
    c.height = 120;
    const g = c.getContext('2d');
    const rec = new MediaRecorder(c.captureStream(25), { mimeType: 'video/webm;codecs=vp8' });
    const chunks = [];
    rec.ondataavailable = (e) => chunks.push(e.data);
    rec.start(100);
    for (let i = 0; i < 30; i++) {
      g.fillStyle = `hsl(${i * 12}, 70%, 45%)`;
      g.fillRect(0, 0, 160, 120);
      g.fillStyle = '#fff';
      g.fillRect(20 + i * 2, 30, 40, 40);
      await new Promise((r) => setTimeout(r, 40));
    }
    const stopped = new Promise((r) => (rec.onstop = r));
    rec.stop();
    await stopped;
    return Array.from(new Uint8Array(await new Blob(chunks).arrayBuffer()));
  });
  await page.goto(`${base}/#/data`);
  await page.locator('[data-testid=file-input]').setInputFiles({ name: 'clip.webm', mimeType: 'video/webm', buffer: Buffer.from(webm) });
  const clipLink = page.locator('.uploads li.done a', { hasText: 'clip.webm' });
  await clipLink.waitFor({ timeout: 20000 });
  const clipId = (await clipLink.getAttribute('href')).split('/data/')[1];
  assert((await page.locator('.uploads li.done', { hasText: 'clip.webm' }).innerText()).includes('VIDEO'), `a ${webm.length}-byte WebM was uploaded as VIDEO`);
  const vtt = await apiFetch('/api/v1/data', { kind: 'TEXT', label: 'clip.vtt', text: 'WEBVTT\n\n00:00.000 --> 00:05.000\nHello from the browser test\n' });
  const track = await apiFetch('/api/v1/data', {
    kind: 'JSON',
    label: 'clip-faces.json',
    json: { fps: 25, tracks: [{ id: 1, frames: [0, 5, 10, 15, 20, 25].map((f) => ({ frame: f, bbox: [20 + f * 2, 30, 40, 40], confidence: 0.9 })) }] },
  });
  assert(vtt.status === 201 && track.status === 201, 'a VTT item and a face-track JSON item were created');
  await page.goto(`${base}/#/data/${clipId}?faces=${track.body.id}`);
  await page.waitForFunction(() => document.querySelector('video')?.videoWidth === 160, null, { timeout: 15000 });
  ok('the video preview loads the clip (160 × 120)');
  await page.locator('svg.faces[data-boxes="1"]').waitFor({ timeout: 10000 });
  ok('the face track draws its box over the video');
  await page.locator('label:has-text("Subtitles") select').selectOption(vtt.body.id);
  await page.waitForFunction(() => document.querySelector('video track')?.track?.cues?.length === 1, null, { timeout: 10000 });
  ok('the VTT item is loaded as the video\'s subtitle track');
  await shot('data-video');

  // Audio: a 4 s WAV through the file chooser; the player knows its length and seeks in it (the
  // content answers HTTP Range requests, so the browser fetches from the middle).
  await page.goto(`${base}/#/data`);
  await page.locator('[data-testid=file-input]').setInputFiles({ name: 'tone.wav', mimeType: 'audio/wav', buffer: wav(4) });
  const toneLink = page.locator('.uploads li.done a', { hasText: 'tone.wav' });
  await toneLink.waitFor({ timeout: 20000 });
  assert((await page.locator('.uploads li.done', { hasText: 'tone.wav' }).innerText()).includes('AUDIO'), 'a WAV was uploaded as AUDIO');
  await page.goto(`${base}/#/data/${(await toneLink.getAttribute('href')).split('/data/')[1]}`);
  await page.waitForFunction(() => Math.abs((document.querySelector('audio')?.duration ?? 0) - 4) < 0.05, null, { timeout: 15000 });
  ok('the audio preview knows the clip is 4 s long');
  const seek = await page.evaluate(async () => {
    const a = document.querySelector('audio');
    const seekable = a.seekable.length ? a.seekable.end(a.seekable.length - 1) : 0;
    const seeked = new Promise((r) => a.addEventListener('seeked', r, { once: true }));
    a.currentTime = 3;
    await seeked;
    return { seekable, at: a.currentTime };
  });
  assert(seek.seekable > 3.9 && Math.abs(seek.at - 3) < 0.05, `the audio player seeks to 3 s (seekable to ${seek.seekable.toFixed(2)} s, now at ${seek.at.toFixed(2)} s)`);

  // Video seeking: the demo's H.264 MP4, played from the middle.
  const demoMp4 = readFileSync(new URL('../../../../scripts/demo-media/speech-and-face.mp4', import.meta.url));
  await page.goto(`${base}/#/data`);
  await page.locator('[data-testid=file-input]').setInputFiles({ name: 'demo.mp4', mimeType: 'video/mp4', buffer: demoMp4 });
  const demoLink = page.locator('.uploads li.done a', { hasText: 'demo.mp4' });
  await demoLink.waitFor({ timeout: 20000 });
  await page.goto(`${base}/#/data/${(await demoLink.getAttribute('href')).split('/data/')[1]}`);
  await page.waitForFunction(() => (document.querySelector('video')?.duration ?? 0) > 1, null, { timeout: 15000 });
  const videoSeek = await page.evaluate(async () => {
    const v = document.querySelector('video');
    const target = v.duration / 2;
    const seeked = new Promise((r) => v.addEventListener('seeked', r, { once: true }));
    v.currentTime = target;
    await seeked;
    return { duration: v.duration, seekable: v.seekable.length ? v.seekable.end(v.seekable.length - 1) : 0, target, at: v.currentTime };
  });
  assert(
    videoSeek.seekable >= videoSeek.duration - 0.1 && Math.abs(videoSeek.at - videoSeek.target) < 0.1,
    `the video player seeks to the middle of the ${videoSeek.duration.toFixed(2)} s MP4 (now at ${videoSeek.at.toFixed(2)} s)`,
  );

  // Text and JSON previews.
  await page.goto(`${base}/#/data/${faceJson.body.id}`);
  await page.locator('pre.preview-text').waitFor();
  assert((await page.locator('pre.preview-text').innerText()).includes('"confidence": 0.93'), 'the JSON preview is pretty-printed');
  await page.goto(`${base}/#/data/${notesId}`);
  await page.locator('pre.preview-text').waitFor();
  assert((await page.locator('pre.preview-text').innerText()).includes('the cat sat on the mat'), 'the text preview shows the text');

  // New task form, generated from image-resize's ports and params.
  await page.goto(`${base}/#/new?input=${imageId}`);
  await page.locator('#module').waitFor();
  await page.selectOption('#module', 'image-resize');
  await page.locator('select[name="inputs.image"]').waitFor();
  await page.waitForFunction((id) => document.querySelector('select[name="inputs.image"]')?.value === id, imageId);
  ok('the form offers the uploaded image for the IMAGE port, preselected');
  const options = await page.locator('select[name="inputs.image"] option').allInnerTexts();
  assert(!options.some((o) => o.includes('notes.txt')), 'the IMAGE port offers no TEXT items');
  assert((await page.locator('select[name="params.format"] option').allInnerTexts()).join(',').includes('webp'), 'the params enum became a select');
  await page.fill('input[name="params.width"]', '0');
  await page.click('button[type=submit]');
  const fieldError = page.locator('.field-error[data-field="params.width"]');
  await fieldError.waitFor({ timeout: 10000 });
  ok(`the API's 422 is shown at the width field: "${await fieldError.innerText()}"`);
  await shot('new-task-error');
  await page.fill('input[name="params.width"]', '48');
  await page.fill('#label', 'e2e resize');
  await page.click('button[type=submit]');
  await page.waitForURL(/#\/tasks\/[0-9a-f]{24}$/);
  const taskId = page.url().split('/tasks/')[1];
  ok(`the task was created (${taskId})`);
  await page.locator('h1 .status.st-succeeded').waitFor({ timeout: 120000 });
  assert(await page.evaluate(() => window.__sameDocument === true), 'the task page reached SUCCEEDED live, without a reload');
  await page.locator('#log pre').waitFor();
  await shot('task');

  // The overview in the other tab counted it, without reload.
  await watcher.waitForFunction((n) => Number(document.querySelector('[data-count=SUCCEEDED]')?.textContent) >= n + 1, succeededBefore, { timeout: 20000 });
  assert(await watcher.evaluate(() => window.__sameDocument === true), 'the overview in another tab counted the success live, without reload');
  await watcher.locator(`#recent a[href="#/tasks/${taskId}"]`).waitFor();
  ok('the overview lists the task under recently finished');
  await watcher.close();

  // Open the output's preview.
  await page.locator('#io .ports a').last().click();
  await page.waitForURL(/#\/data\/[0-9a-f]{24}$/);
  await page.waitForFunction(() => document.querySelector('.media-wrap img')?.naturalWidth === 48, null, { timeout: 15000 });
  ok('the output preview shows the resized image (48 px wide)');
  await page.locator('#lineage svg.graph').waitFor();
  assert((await page.locator('#lineage svg.graph .gnode').count()) === 3, 'the lineage graph draws upload → task → output');
  const download = await page.locator('a.button', { hasText: 'Download' }).getAttribute('href');
  assert(/\/api\/v1\/data\/[0-9a-f]{24}\/content$/.test(download ?? ''), 'the download button links the content');
  await shot('data-output');

  // Tasks list
  await page.goto(`${base}/#/tasks?status=SUCCEEDED`);
  await page.locator(`tr[data-task="${taskId}"]`).waitFor();
  ok('the tasks list filtered by SUCCEEDED shows the task');
  await shot('tasks');

  // Result reuse: the same resize asked twice with reuse; the second's page names whose result it took.
  const reuseBody = { module: 'image-resize', inputs: { image: imageId }, params: { width: 40 }, reuse: true };
  const ran = await apiFetch('/api/v1/tasks', reuseBody);
  await page.goto(`${base}/#/tasks/${ran.body.id}`);
  await page.locator('h1 .status.st-succeeded').waitFor({ timeout: 120000 });
  const reused = await apiFetch('/api/v1/tasks', reuseBody);
  await page.goto(`${base}/#/tasks/${reused.body.id}`);
  await page.locator('h1 .status.st-succeeded').waitFor({ timeout: 60000 });
  await page.locator('text=Reused from').waitFor();
  await page.locator(`a[href="#/tasks/${ran.body.id}"]`).first().waitFor();
  const reusedAttempt = page.locator('#attempts .status.st-reused');
  await reusedAttempt.waitFor({ timeout: 10000 }).catch(async () => {
    throw new Error(`its attempt is not shown as REUSED; the attempts section reads: ${await page.locator('#attempts').innerText()}`);
  });
  ok('a task that reused an identical earlier result says so on its page, with a link to that task');
  await shot('task-reused');

  // A pipeline, created through the API, drawn as a graph.
  const created = await apiFetch('/api/v1/pipelines', {
    label: 'e2e pipeline',
    steps: [
      { name: 'big', module: 'image-resize', inputs: { image: imageId }, params: { width: 64 } },
      { name: 'small', module: 'image-resize', inputs: { image: { step: 'big', output: 'image' } }, params: { width: 16, format: 'jpeg' } },
    ],
  });
  assert(created.status === 201, `the pipeline was created (${created.status})`);
  await page.goto(`${base}/#/pipelines/${created.body.id}`);
  await page.locator('#graph svg.graph').waitFor();
  assert((await page.locator('#graph svg.graph .gnode').count()) === 5, 'the pipeline graph has 2 tasks and 3 items');
  await page.locator('h1 .status.st-succeeded').waitFor({ timeout: 120000 });
  await page.waitForFunction(() => document.querySelectorAll('#graph .gnode.st-succeeded, #graph .gnode.st-available').length === 5, null, { timeout: 20000 });
  ok('the pipeline view turned every node green live');
  await shot('pipeline');
  await page.goto(`${base}/#/pipelines`);
  const row = page.locator('ul[aria-label="pipelines"] li', { has: page.locator(`a[href="#/pipelines/${created.body.id}"]`) });
  await row.waitFor();
  assert((await row.locator('a').first().textContent()).includes('e2e pipeline'), 'the row shows the label');
  assert((await row.locator('.step-status').count()) === 2, 'the row shows both steps');
  await page.fill('input[name="label"]', 'no such pipeline label');
  await page.locator('text=No pipeline labelled like').waitFor();
  await page.fill('input[name="label"]', 'e2e');
  await row.waitFor();
  ok('the pipelines page lists it with its steps, and filters by label');
  await shot('pipelines');

  // Modules: Detect, and the list.
  await page.goto(`${base}/#/modules`);
  await page.locator('[data-module="image-resize"] .status.st-available').waitFor();
  await page.locator('[data-module="text-stats"]').waitFor();
  await page.click('button:has-text("Detect")');
  // A pass lasts as long as the setups it started (a slow self-test may take minutes).
  await page.locator('.detection[data-state=FINISHED]').waitFor({ timeout: 300000 });
  await page.locator('[data-module="image-resize"] .status.st-available').waitFor({ timeout: 60000 });
  ok(`Detect ran and the module list shows ${await page.locator('[data-module]').count()} modules`);
  await page.locator('[data-module="image-resize"] button', { hasText: 'Setup and test log' }).click();
  await page.locator('[data-module="image-resize"] pre.log').waitFor();
  ok('the setup and test log opens');
  await shot('modules');
  // Disable and enable a module from its card; its status follows live (module events).
  const card = page.locator('[data-module="text-stats"]');
  page.once('dialog', (d) => d.accept()); // "Disable text-stats?"
  await card.locator('button', { hasText: 'Disable' }).click();
  await card.locator('.status.st-disabled').waitFor({ timeout: 20000 });
  ok('Disable switches text-stats off, shown live');
  await card.locator('button', { hasText: 'Enable' }).click();
  await card.locator('.status.st-available').waitFor({ timeout: 300000 });
  ok('Enable tests it again and it comes back AVAILABLE, shown live');

  // A busy overview: a running task with a moving progress bar, a failure, a planned task; cancel
  // and retry from the task page. Needs the tm-echo test module (the test's modules folder has it).
  const modules = (await apiFetch('/api/v1/modules')).body ?? [];
  if (modules.some((m) => m.name === 'tm-echo' && m.status === 'AVAILABLE')) {
    const make = async (body) => {
      const r = await apiFetch('/api/v1/tasks', body);
      if (r.status !== 201) throw new Error(`task not created: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.id;
    };
    // 60 s in 10 steps: the test cancels it long before, and on a loaded machine a step (6 s)
    // still comes well within the waits below.
    const slow = await make({ module: 'tm-echo', label: 'e2e slow echo', inputs: { text: notesId }, params: { sleep: 60 } });
    const failing = await make({ module: 'tm-echo', label: 'e2e failing echo', inputs: { text: notesId }, params: { fail: true, sleep: 2 } });
    const planned = await make({ module: 'image-resize', label: 'e2e later', inputs: { image: imageId }, params: { width: 8 }, delaySeconds: 3600 });
    await page.goto(`${base}/#/`);
    const bar = page.locator(`#active [data-task="${slow}"] [role=progressbar]`);
    // Queued behind other work on a busy machine, it may take a while to start; the API says when.
    const slowTask = async () => (await apiFetch(`/api/v1/tasks/${slow}`)).body ?? {};
    for (let i = 0; i < 240 && (await slowTask()).status !== 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 250));
    }
    await bar.waitFor({ timeout: 30000 });
    await page.evaluate(() => (window.__sameDocument = true));
    const first = Number(await bar.getAttribute('aria-valuenow'));
    try {
      await page.waitForFunction(
        ([id, v]) => Number(document.querySelector(`#active [data-task="${id}"] [role=progressbar]`)?.getAttribute('aria-valuenow')) > v,
        [slow, first],
        { timeout: 45000 },
      );
    } catch (e) {
      const t = await slowTask();
      const shown = await bar.getAttribute('aria-valuenow').catch(() => 'no bar');
      throw new Error(`the progress bar stayed at ${first} % (shows ${shown}); the task is ${t.status} at ${t.progress?.fraction ?? t.progress} (${e.message})`);
    }
    ok(`the running task's progress bar moves live (from ${first} %)`);
    await page.locator(`#failures a[href="#/tasks/${failing}"]`).waitFor({ timeout: 30000 });
    // This task's own row: other test classes' failures share the list (and clock-driven ones may
    // carry a later finishing time), so the newest row need not be this one.
    const failingRow = page.locator('#failures li.row', { has: page.locator(`a[href="#/tasks/${failing}"]`) });
    assert((await failingRow.locator('.reason').innerText()).includes('asked to fail'), 'recent failures show the reason');
    await page.locator(`#planned a[href="#/tasks/${planned}"]`).waitFor();
    assert((await page.locator('#planned').innerText()).includes('starts in'), 'the delayed task is planned, with its start time');
    assert(await page.evaluate(() => window.__sameDocument === true), 'the overview did all that without a reload');
    await shot('overview-busy');

    await page.goto(`${base}/#/tasks/${slow}`);
    await page.locator('#log pre', { hasText: 'step' }).waitFor({ timeout: 20000 });
    ok('the running task page follows the log');
    await shot('task-running');
    page.once('dialog', (d) => d.accept()); // "Cancel “e2e slow echo”?"
    await page.click('button:has-text("Cancel")');
    await page.locator('h1 .status.st-cancelled').waitFor({ timeout: 20000 });
    ok('Cancel stops the running task');

    await page.goto(`${base}/#/tasks/${failing}`);
    await page.locator('h1 .status.st-failed').waitFor();
    await page.click('button:has-text("Retry")');
    await page.locator('h1 .status:not(.st-failed)').waitFor({ timeout: 10000 });
    await page.locator('h1 .status.st-failed').waitFor({ timeout: 30000 });
    ok('Retry runs the failed task again, and the page follows it back to FAILED');
    await shot('task-failed');
    await apiFetch(`/api/v1/tasks/${planned}/cancel`, {});
  } else {
    console.log('# tm-echo is not available here: the busy-overview checks were left out');
  }

  // Overview with content, and keyboard reach: Tab from the top reaches the main navigation.
  await page.goto(`${base}/#/`);
  await page.locator('#recent a').first().waitFor();
  await shot('overview');
  await page.reload();
  await page.locator('#recent a').first().waitFor();
  await page.keyboard.press('Tab');
  assert((await page.evaluate(() => document.activeElement?.textContent)) === 'Skip to content', 'the first Tab reaches "Skip to content"');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  assert(focused === 'Taskmill', `Tab reaches the header links (focused "${focused}")`);

  assert(pageErrors.length === 0, `no script errors in the page${pageErrors.length ? `: ${pageErrors.join(' | ')}` : ''}`);
  console.log(`E2E PASSED ${checks} checks`);
  await browser.close();
  process.exit(0);
} catch (e) {
  console.log(`E2E FAILED: ${e?.message ?? e}`);
  if (pageErrors.length) console.log(`page errors: ${pageErrors.join(' | ')}`);
  await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => undefined);
  await browser.close();
  process.exit(1);
}
