// The Modules page in Debian's headless Chromium, driven by playwright-core: an admin uploads a
// module zip through the form (a bad file first, to see the service's reason), sees the module
// become AVAILABLE live, switches to the table, filters it by status, and removes the bundle.
//   node e2e/modules-page.mjs <baseUrl> [screenshotDir]
// Run by src/test/java/dev/taskmill/ui/ModulesPageBrowserTest.java against a real service.
// Prints "ok - ..." per check and "E2E PASSED n checks"; exits 1 on the first failed check.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { inPageFetch, launch } from './support.mjs';

const base = (process.argv[2] ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const shots = process.argv[3] ?? 'target/screenshots';
const apiKey = process.env.TASKMILL_API_KEY ?? 'test-admin-key';
const NAME = 'ui-bundle';
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

/** A zip (entries stored, not compressed) of `files`, name → text, built here: no zip tool needed. */
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(text);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = `from taskmill import Module, Input, Output, Kind, SelfTest, Fixture


class UiBundle(Module):
    name = "${NAME}"
    version = "1.0.0"
    description = "Uploaded through the Modules page."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("upper", Kind.TEXT, media_type="text/plain")]

    def run(self, ctx):
        ctx.write_text("upper", ctx.inputs["text"].read_text().upper())

    def self_test(self):
        def check(outputs):
            assert outputs["upper"].read_text() == "HI"

        return SelfTest(inputs={"text": Fixture.text("hi")}, check=check)
`;

const browser = await launch('taskmill-modules-', { viewport: { width: 1280, height: 900 } });
const { page } = browser;
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
await page.addLocatorHandler(page.locator('dialog.key-dialog[open]'), async () => {
  await page.locator('dialog.key-dialog input').fill(apiKey);
  await page.locator('dialog.key-dialog button[type=submit]').click();
});

async function shot(name) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
    if (width === 390) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 1, `${name} fits 390 px without sideways scrolling (overflow ${overflow}px)`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

try {
  await page.goto(`${base}/#/modules`);
  const form = page.locator('form.module-upload');
  await form.waitFor({ timeout: 20000 });
  assert(await form.getByText('Upload module (.zip)').isVisible(), 'an admin sees the "Upload module (.zip)" form');

  // A file that is no zip: the service's reason is shown, nothing is added.
  const before = (await inPageFetch(page, '/api/v1/modules')).body.length;
  await form.locator('input[type=file]').setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('just text') });
  await form.locator('button[type=submit]').click();
  await form.locator('.error', { hasText: 'not a zip archive' }).waitFor({ timeout: 20000 });
  assert((await inPageFetch(page, '/api/v1/modules')).body.length === before, 'a file that is no zip is refused with the reason shown, and nothing is added');

  // The real zip: a module's folder, zipped.
  const bundle = zip({ [`${NAME}/main.py`]: MAIN, [`${NAME}/README.md`]: 'Made by the browser test.\n' });
  await form.locator('input[type=file]').setInputFiles({ name: `${NAME}.zip`, mimeType: 'application/zip', buffer: bundle });
  await form.locator('button[type=submit]').click();
  await form.locator('[role=status]', { hasText: `Uploaded ${NAME}` }).waitFor({ timeout: 30000 });
  ok('the zip is uploaded through the form');
  const card = page.locator(`article[data-module="${NAME}"]`);
  await card.waitFor({ timeout: 30000 });
  await card.locator('.status.st-available').waitFor({ timeout: 300000 });
  assert(await card.getByText('uploaded zip').isVisible(), 'the uploaded module becomes AVAILABLE on its card, marked as an uploaded zip');
  await shot('modules-uploaded');

  // The compact table, and its status filter.
  await page.click('button:has-text("Table")');
  const row = page.locator(`table.modules-table tr[data-module="${NAME}"]`);
  await row.waitFor();
  assert(await row.locator('.status.st-available').isVisible(), 'the table view lists the module with its status');
  const all = (await inPageFetch(page, '/api/v1/modules')).body;
  assert((await page.locator('table.modules-table tbody tr').count()) === all.length, `the table has a row per module (${all.length})`);
  await page.selectOption('select[aria-label="Filter by status"]', 'AVAILABLE');
  const available = all.filter((m) => m.status === 'AVAILABLE').length;
  await page.waitForFunction((n) => document.querySelectorAll('table.modules-table tbody tr').length === n, available);
  const shownStatuses = await page.locator('table.modules-table tbody tr .status').allInnerTexts();
  assert(shownStatuses.every((s) => /available/i.test(s)), `filtered by AVAILABLE, the table shows only the ${available} available modules`);
  const failed = all.filter((m) => m.status === 'FAILED').length;
  if (failed > 0) {
    await page.selectOption('select[aria-label="Filter by status"]', 'FAILED');
    await page.waitForFunction((n) => document.querySelectorAll('table.modules-table tbody tr').length === n, failed);
    assert((await row.count()) === 0, `filtered by FAILED, it shows the ${failed} failed modules and not ${NAME}`);
    await page.selectOption('select[aria-label="Filter by status"]', 'AVAILABLE');
  }
  await shot('modules-table');

  // Remove, with a confirmation.
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    d.accept();
  });
  await row.locator('button', { hasText: 'Remove' }).click();
  await row.waitFor({ state: 'detached', timeout: 30000 });
  assert(asked.startsWith(`Remove ${NAME}?`), 'Remove asks for confirmation first');
  assert((await inPageFetch(page, `/api/v1/modules/${NAME}`)).status === 404, 'after Remove, the module is gone from the page and the API');
  await page.reload();
  await page.locator('table.modules-table').waitFor();
  assert((await page.locator(`[data-module="${NAME}"]`).count()) === 0, 'the table view is kept across a reload and the module stays gone');

  assert(pageErrors.length === 0, `no script errors on the page${pageErrors.length ? ': ' + pageErrors.join('; ') : ''}`);
  console.log(`E2E PASSED ${checks} checks`);
} catch (e) {
  console.log(`E2E FAILED: ${e.message}`);
  await page.screenshot({ path: join(shots, 'modules-page-failure.png'), fullPage: true }).catch(() => undefined);
  process.exitCode = 1;
} finally {
  await browser.close();
}
