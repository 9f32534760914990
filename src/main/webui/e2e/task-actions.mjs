// Operators' task actions (issue 17, "Missing for operators"), in Debian's headless Chromium.
//   node e2e/task-actions.mjs <baseUrl> [screenshotDir]
// Run by src/test/java/dev/taskmill/ui/TaskActionsBrowserTest.java against a real service with
// the tm-echo test module AVAILABLE. Filters failed tasks, selects all matching, retries them in
// bulk (confirmed) and sees them run again; searches by label; sorts; runs a task again with a
// changed param; retries a task with a new timeout (a bad one first); cancels a pipeline and
// retries its failed steps; deletes tasks in bulk. Prints "ok - ..." per check and "E2E PASSED n
// checks" at the end, or "E2E FAILED: ..." and exits 1.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inPageFetch, launch } from './support.mjs';

const base = (process.argv[2] ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const shots = process.argv[3] ?? 'target/screenshots';
const apiKey = process.env.TASKMILL_API_KEY ?? 'test-admin-key';
mkdirSync(shots, { recursive: true });

let passed = 0;
const assert = (cond, what) => {
  if (!cond) throw new Error(what);
  passed++;
  console.log(`ok - ${what}`);
};

const browser = await launch('taskmill-e2e-actions-', { viewport: { width: 1366, height: 900 } });
const page = browser.page;
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
// Wherever the API asks for a key, the test key is entered.
await page.addLocatorHandler(page.locator('dialog.key-dialog[open]'), async () => {
  await page.locator('dialog.key-dialog input').fill(apiKey);
  await page.locator('dialog.key-dialog button[type=submit]').click();
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
/** Answers the next confirm() and resolves to its question; fails when none is asked. */
function nextConfirm(accept = true) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no confirmation was asked')), 10000);
    page.once('dialog', async (d) => {
      clearTimeout(timer);
      const message = d.message();
      if (accept) await d.accept();
      else await d.dismiss();
      resolve(message);
    });
  });
}
const shot = (name) => page.screenshot({ path: join(shots, `actions-${name}.png`), fullPage: true });
const rows = () => page.locator('table.tasks-table tbody tr');

try {
  await page.goto(`${base}/#/`);
  await page.locator('.counts').waitFor({ timeout: 30000 });
  const text = (await apiFetch('/api/v1/data', { kind: 'TEXT', label: 'actions.txt', text: 'hello' })).body.id;
  const label = `actions-${Date.now()}`;
  const echo = async (params, extra = {}) => {
    const r = await apiFetch('/api/v1/tasks', { module: 'tm-echo', label, maxAttempts: 1, params, inputs: { text }, ...extra });
    if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id;
  };
  const failing = [await echo({ fail: true }), await echo({ fail: true }), await echo({ fail: true })];
  const good = await echo({ suffix: '!' });
  for (const id of failing) await until(`task ${id} FAILED`, async () => (await taskOf(id)).status === 'FAILED');
  await until('the good task SUCCEEDED', async () => (await taskOf(good)).status === 'SUCCEEDED');

  // Filter the failed tasks, select all matching, retry them (confirmed), see them run again.
  await page.goto(`${base}/#/tasks?status=FAILED&label=${label}`);
  await rows().first().waitFor();
  assert((await rows().count()) === 3, 'the filter shows the 3 failed tasks');
  await page.getByRole('button', { name: 'Select all 3 matching this filter' }).click();
  const bar = page.getByRole('region', { name: 'Selected tasks' });
  await bar.waitFor();
  assert((await bar.innerText()).includes('3 tasks selected (all matching this filter)'), 'the bar says 3 tasks are selected, all matching the filter');
  assert((await page.locator('table.tasks-table tbody input[type=checkbox]:checked').count()) === 3, 'every row shows ticked');
  await shot('tasks-selected');
  const asked = nextConfirm(true);
  await bar.getByRole('button', { name: 'Retry' }).click();
  const question = await asked;
  assert(question.startsWith('Retry all 3 tasks matching this filter?'), `retry asks first, counting the tasks: “${question}”`);
  await page.getByRole('status').filter({ hasText: '3 tasks retried.' }).waitFor();
  assert(true, 'the page says 3 tasks were retried');
  for (const id of failing) {
    await until(`task ${id} ran a second time`, async () => {
      const t = await taskOf(id);
      return t.status === 'FAILED' && (t.attempts ?? []).length === 2;
    });
  }
  assert(true, 'each retried task ran again (a second attempt, failed again as asked)');
  await page.goto(`${base}/#/tasks/${failing[0]}`);
  await page.locator('#attempts tbody tr').nth(1).waitFor({ timeout: 30000 });
  assert((await page.locator('#attempts tbody tr').nth(1).innerText()).includes('retry 1'), 'the task page lists the second attempt, as a retry');

  // Search by label: the form's label field, then Search.
  await page.goto(`${base}/#/tasks`);
  await rows().first().waitFor();
  await page.locator('form.task-search input[name=label]').fill(label.toUpperCase());
  await page.getByRole('button', { name: 'Search' }).click();
  await until('the list to show only the labelled tasks', async () => (await rows().count()) === 4 && page.url().includes(`label=${label.toUpperCase()}`), 30000);
  assert(true, 'searching by label (any case) shows its 4 tasks and keeps the search in the address');

  // Sort by status: descending first, then ascending.
  await page.getByRole('button', { name: 'Status' }).click();
  await until('sorted by status, descending', async () => (await rows().first().getAttribute('data-task')) === good, 30000);
  assert((await page.locator('th[aria-sort=descending]').innerText()).includes('Status'), 'the Status header shows the descending sort');
  await page.getByRole('button', { name: /^Status/ }).click();
  await until('sorted by status, ascending', async () => (await rows().last().getAttribute('data-task')) === good, 30000);
  assert((await page.locator('th[aria-sort=ascending]').innerText()).includes('Status'), 'a second click sorts ascending: SUCCEEDED last');
  await shot('tasks-sorted');

  // Run again with changes: the form holds the task's values; a changed param goes into the new task.
  await page.goto(`${base}/#/tasks/${good}`);
  await page.getByRole('link', { name: 'Run again…' }).click();
  await page.getByRole('heading', { name: /^Run again:/ }).waitFor();
  const suffix = page.locator('[id="params.suffix"]');
  await until('the params prefilled', async () => (await suffix.inputValue()) === '!', 30000);
  assert((await page.locator('#label').inputValue()) === label, 'the label is prefilled');
  // The earlier input may be older than the newest 200 items the picker lists: it is read on its
  // own and offered when that answer comes.
  await until('the input prefilled', async () => (await page.locator('[id="inputs.text"]').inputValue()) === text, 30000);
  assert(true, 'the input is prefilled, even when it is older than the newest items the picker lists');
  assert((await page.locator('#maxAttempts').inputValue()) === '1', 'the attempts are prefilled');
  await suffix.fill('?changed');
  await shot('run-again');
  await page.getByRole('button', { name: 'Create task' }).click();
  await page.waitForURL((u) => /#\/tasks\/[0-9a-f]{24}$/.test(u.hash) && !u.hash.endsWith(good), { timeout: 30000 });
  const again = page.url().split('/tasks/')[1];
  const rerun = await until('the new task SUCCEEDED', async () => {
    const t = await taskOf(again);
    return t.status === 'SUCCEEDED' && t;
  });
  assert(rerun.params.suffix === '?changed' && rerun.inputs.text === text && rerun.label === label, 'the new task carries the changed param, the same input and label');
  await page.locator('.page').getByText('?changed').first().waitFor();
  assert(true, 'the new task page shows the changed param');

  // Retry with a new timeout: a bad value is refused at the field, a good one is used.
  await page.goto(`${base}/#/tasks/${failing[1]}`);
  await page.getByRole('button', { name: 'Retry with changes…' }).click();
  const dialog = page.locator('dialog.retry-dialog[open]');
  await dialog.waitFor();
  await dialog.locator('#retry-timeoutSeconds').fill('0');
  await dialog.getByRole('button', { name: 'Retry' }).click();
  await dialog.locator('.field-error[data-field=timeoutSeconds]').waitFor();
  assert((await dialog.locator('.field-error[data-field=timeoutSeconds]').innerText()).includes('between 1 and'), 'a 0 s timeout is refused at its field');
  assert((await taskOf(failing[1])).status === 'FAILED', 'the refused retry changed nothing');
  await shot('retry-dialog');
  await dialog.locator('#retry-timeoutSeconds').fill('90');
  await dialog.getByRole('button', { name: 'Retry' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const retried = await until('the retried task with its new timeout', async () => {
    const t = await taskOf(failing[1]);
    return t.timeoutSeconds === 90 && (t.attempts ?? []).length === 3 && t.status === 'FAILED' && t;
  });
  assert(retried.timeoutSeconds === 90, 'the retry ran with the 90 s timeout');
  await page.locator('#details').getByText('1 min 30 s').waitFor();
  assert(true, 'the task page shows the new timeout');

  // A pipeline: cancel it whole (confirmed), then retry its failed steps.
  const pipe = await apiFetch('/api/v1/pipelines', {
    label: `${label} pipeline`,
    steps: [
      { name: 'slow', module: 'tm-echo', inputs: { text }, params: { sleep: 600 } },
      { name: 'after', module: 'tm-echo', inputs: { text: { step: 'slow', output: 'echo' } } },
    ],
  });
  if (pipe.status !== 201) throw new Error(`pipeline: ${pipe.status} ${JSON.stringify(pipe.body)}`);
  const [slow, after] = pipe.body.steps.map((s) => s.taskId);
  // The pipeline column links it by its label.
  await page.goto(`${base}/#/tasks?label=${label}&sort=created&order=desc`);
  const link = page.locator(`tr[data-task="${slow}"] a[href="#/pipelines/${pipe.body.id}"]`);
  await until('the pipeline column shows the label', async () => (await link.count()) === 1 && (await link.innerText()) === `${label} pipeline`, 30000);
  assert(true, 'the task list links the pipeline by its label');
  await link.click();
  await page.getByRole('button', { name: 'Cancel pipeline' }).waitFor();
  const cancelAsked = nextConfirm(true);
  await page.getByRole('button', { name: 'Cancel pipeline' }).click();
  assert((await cancelAsked).includes('2 unfinished steps'), 'cancelling the pipeline asks first, counting its steps');
  await page.getByRole('status').filter({ hasText: '2 steps cancelled.' }).waitFor();
  assert((await taskOf(slow)).status === 'CANCELLED' && (await taskOf(after)).status === 'CANCELLED', 'both steps are CANCELLED');
  await page.getByRole('button', { name: 'Retry failed steps' }).waitFor();
  await shot('pipeline-cancelled');
  const retryAsked = nextConfirm(true);
  await page.getByRole('button', { name: 'Retry failed steps' }).click();
  assert((await retryAsked).startsWith('Retry the 2 failed steps'), 'retrying the failed steps asks first');
  await until('the steps to run again', async () => !['CANCELLED', 'FAILED'].includes((await taskOf(slow)).status), 30000);
  assert(true, 'the retried steps run again');
  await apiFetch(`/api/v1/pipelines/${pipe.body.id}/cancel`, {});
  await until('the pipeline cancelled again', async () => (await taskOf(slow)).status === 'CANCELLED', 30000);
  assert((await apiFetch(`/api/v1/tasks/${slow}`, undefined, 'DELETE')).status === 204, 'a finished step is deleted (DELETE /tasks/{id})');
  await page.goto(`${base}/#/pipelines/${pipe.body.id}`);
  await page.locator('#steps a', { hasText: 'after' }).waitFor();
  assert(true, 'the pipeline page still shows the pipeline after one of its steps was deleted');

  // Delete: the page's tasks selected with the header box, confirmed; the unfinished ones stay.
  await page.goto(`${base}/#/tasks?label=${label}&status=FAILED`);
  await rows().first().waitFor();
  const before = await rows().count();
  await page.getByRole('checkbox', { name: 'Select every task on this page' }).check();
  const deleteAsked = nextConfirm(true);
  await page.getByRole('region', { name: 'Selected tasks' }).getByRole('button', { name: 'Delete' }).click();
  assert((await deleteAsked).startsWith(`Delete ${before} tasks?`), `delete asks first, counting the ${before} tasks`);
  await page.getByRole('status').filter({ hasText: `${before} tasks deleted.` }).waitFor();
  await page.getByText('No tasks match.').waitFor();
  assert((await apiFetch(`/api/v1/tasks/${failing[0]}`)).status === 404, 'the deleted tasks are gone');
  const dismissed = nextConfirm(false);
  await page.goto(`${base}/#/tasks?label=${label}&status=SUCCEEDED`);
  await rows().first().waitFor();
  await page.getByRole('checkbox', { name: 'Select every task on this page' }).check();
  await page.getByRole('region', { name: 'Selected tasks' }).getByRole('button', { name: 'Delete' }).click();
  await dismissed;
  assert((await taskOf(good)).status === 'SUCCEEDED', 'a dismissed delete deletes nothing');

  assert(pageErrors.length === 0, `no script errors in the page${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
  console.log(`E2E PASSED ${passed} checks`);
} catch (e) {
  await page.screenshot({ path: join(shots, 'actions-failed.png'), fullPage: true }).catch(() => undefined);
  console.log(`E2E FAILED: ${e?.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
