// An admin opens files a user uploaded, in Debian's headless Chromium (playwright-core), the way
// a dashboard user would: the dashboard first asks for the key and sets its cookie, then the
// admin follows each content link. Every file carries a script that reports to a loopback
// receiver, reads the origin's cookie and storage, and tries to create an admin key with the
// cookie. Run by src/test/java/dev/taskmill/ui/UploadedScriptBrowserTest.java, which checks the
// receiver and the key list; this script only drives the browser and says what it saw.
//   node e2e/uploaded-script.mjs <baseUrl> <controlPageUrl> <contentUrl>...
// Prints "opened <url>: <what happened>" per page and "SCRIPT DONE" at the end; exits 1 on error.
import { launch } from './support.mjs';

const [base, control, ...contentUrls] = process.argv.slice(2).map((u) => u.replace(/\/$/, ''));
const apiKey = process.env.TASKMILL_API_KEY ?? 'test-admin-key';

const browser = await launch('taskmill-xss-', { acceptDownloads: true });
const { context, page } = browser;

/** Opens `url` as a top-level page and waits until its network is quiet; says what came of it. */
async function open(url) {
  const download = page.waitForEvent('download', { timeout: 60000 }).catch(() => null);
  let outcome;
  try {
    const res = await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    // Whatever the page's scripts start (fetch, images) has finished after this.
    await page.waitForLoadState('networkidle', { timeout: 60000 });
    outcome = `displayed (HTTP ${res?.status()}, ${res?.headers()['content-type']})`;
  } catch (e) {
    const d = await Promise.race([download, new Promise((r) => setTimeout(() => r(null), 5000))]);
    outcome = d ? `downloaded as ${d.suggestedFilename()}` : `not displayed: ${String(e?.message ?? e).split('\n')[0]}`;
  }
  console.log(`opened ${url}: ${outcome}`);
}

try {
  // The admin uses the dashboard first: it asks for the key (the API answered 401) and keeps it
  // the way it always does: sessionStorage for the tab and the taskmill_key cookie for media.
  await page.goto(`${base}/#/`);
  await page.locator('dialog.key-dialog[open] input').fill(apiKey);
  await page.locator('dialog.key-dialog button[type=submit]').click();
  await page.locator('.live-live').waitFor({ timeout: 30000 });
  const cookies = await context.cookies(base);
  if (!cookies.some((c) => c.name === 'taskmill_key')) throw new Error('the dashboard set no taskmill_key cookie');
  console.log('the dashboard holds the admin key (sessionStorage and cookie)');

  // A page whose script reports to the receiver: proves scripts run here and the receiver hears.
  await open(control);
  for (const url of contentUrls) await open(url);
  console.log('SCRIPT DONE');
  await browser.close();
  process.exit(0);
} catch (e) {
  console.log(`SCRIPT FAILED: ${e?.message ?? e}`);
  await browser.close();
  process.exit(1);
}
