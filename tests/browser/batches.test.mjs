// Drives Silo's Story batches pages in Debian's headless Chromium through playwright-core.
//   node tests/browser/batches.test.mjs <base-url> <manager-key> <analytics-read-key> <metricool-simulator-url> <running-batch> <steered-batch> [screenshot-dir]
// The caller has started two batches whose clips wait for Metricool's confirmation (the simulator's
// confirmationDelay). Checks: the table lists both, and its filters narrow it; the running batch's
// page shows it processing, then — once this script lifts the simulator's delay — follows it live
// to completed, every clip published, with no reload; a manager pauses, resumes and cancels the
// other; a manager's publish form is refused bad input with the API's messages and then creates a
// batch (its id printed as "created batch <id>"); an analytics:read key sees no command and no form,
// and gets 403 calling one. Only this script talks to
// the simulator (over loopback); the browser's requests off the gateway's origin fail the run.
import { checks, launchChromium, loopbackOnly, signedIn as signIn, showPages } from './support.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [base, managerKey, readerKey, simulator, running, steered, shots = path.resolve('artifacts/dashboard-screenshots/batches')] = process.argv.slice(2);
if (!base || !managerKey || !readerKey || !simulator || !running || !steered) {
  console.error('usage: node batches.test.mjs <base-url> <manager-key> <analytics-read-key> <metricool-simulator-url> <running-batch> <steered-batch> [screenshot-dir]');
  process.exit(2);
}
const origin = new URL(base).origin;
loopbackOnly(base, simulator);
mkdirSync(shots, { recursive: true });
const { check, finish } = checks();

const browser = await launchChromium();

const signedIn = (key, target) => signIn(browser, origin, key, target, check);
const statusText = page => page.textContent('#batch-status');
const rows = page => page.$$eval('#batch-results a[data-batch]', as => as.map(a => a.dataset.batch));
async function filter(page, fields) {
  for (const [name, value] of Object.entries(fields)) {
    const input = page.locator(`#batch-filters [name=${name}]`);
    if (await input.evaluate(e => e.tagName) === 'SELECT') await input.selectOption(value); else await input.fill(value);
  }
  const answer = page.waitForResponse(r => new URL(r.url()).pathname === '/api/metricool/batches');
  await page.click('#batch-filters button[type=submit]');
  await answer;
  await page.waitForFunction(() => document.getElementById('batch-results').children.length > 0);
}

try {
  const { context, page, problems } = await signedIn(managerKey, '#batches');
  await page.waitForSelector('#batch-results a[data-batch]');
  check(JSON.stringify(await rows(page)) === JSON.stringify([steered, running]), 'the table lists every batch, newest first');
  await filter(page, { accountId: '1001' });
  check(JSON.stringify(await rows(page)) === JSON.stringify([running]), 'the account filter narrows the table');
  await filter(page, { accountId: '', mode: 'bestTime' });
  check((await rows(page)).length === 0, 'the mode filter narrows the table');
  await filter(page, { mode: '' });
  await page.screenshot({ path: path.join(shots, 'batches.png'), fullPage: true });

  // The other batch, steered by a manager while Metricool still holds its clip unconfirmed.
  await page.goto(`${origin}/dashboard/#batch/${encodeURIComponent(steered)}`);
  await page.waitForSelector('#batch button[data-command=Pause]');
  await page.click('#batch button[data-command=Pause]');
  await page.waitForFunction(() => document.getElementById('batch-status').textContent.includes('paused'));
  check(true, 'a manager pauses a batch');
  await page.click('#batch button[data-command=Resume]');
  await page.waitForFunction(() => !document.getElementById('batch-status').textContent.includes('paused'));
  check(true, `a manager resumes it (${(await statusText(page)).split('·')[0].trim()})`);
  await page.click('#batch button[data-command=Cancel]');
  await page.waitForFunction(() => document.getElementById('batch-status').textContent.includes('cancelled'));
  check(true, 'a manager cancels it');
  // The running batch: processing while Metricool has not confirmed, then followed live to completed.
  await page.goto(`${origin}/dashboard/#batches`);
  await page.click(`#batch-results a[data-batch="${running}"]`);
  await page.waitForSelector('#batch-status');
  await page.waitForFunction(() => document.querySelector('#batch .step.current')?.textContent.startsWith('waiting confirmation'), null, { timeout: 30000 });
  check((await statusText(page)).includes('processing'), 'a running batch\'s page shows it processing, its clip waiting for confirmation');
  await page.screenshot({ path: path.join(shots, 'batch-running.png'), fullPage: true });
  check(await page.locator('#batch button[data-command=Pause]').count() === 1, 'a manager can pause the running batch');
  // Meanwhile an analytics:read key, on the same running batch a manager could pause or cancel.
  const reader = await signedIn(readerKey, `#batch/${encodeURIComponent(running)}`);
  await reader.page.waitForSelector('#batch-status');
  await reader.page.waitForFunction(() => document.getElementById('batch-status').textContent.includes('processing'));
  check(await reader.page.locator('#batch button').count() === 0, 'an analytics:read key sees no pause, resume or cancel');
  await reader.page.goto(`${origin}/dashboard/#batches`);
  await reader.page.waitForSelector('#batch-results a[data-batch]');
  check(await reader.page.locator('#publish-form').count() === 0, 'an analytics:read key sees no publish form');
  check(reader.problems.length === 0, `no console errors and no failed requests for analytics:read${reader.problems.length ? ':\n  ' + reader.problems.join('\n  ') : ''}`);
  const statuses = await reader.page.evaluate(async id => Promise.all(['pause', 'resume', 'cancel'].map(c =>
    fetch(`/api/metricool/batches/${encodeURIComponent(id)}/${c}`, { method: 'POST', credentials: 'same-origin' }).then(r => r.status))), running);
  check(JSON.stringify(statuses) === '[403,403,403]', `an analytics:read key calling pause, resume or cancel gets 403 (${statuses})`);
  const publishAsReader = await reader.page.evaluate(() => fetch('/api/metricool/publish/stories', { method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ accountId: '1004', userId: 'reader', mode: 'now', clips: [{ url: 'https://cdn.test/r.mp4' }] }) })
    .then(r => r.status));
  check(publishAsReader === 403, `an analytics:read key publishing anyway gets 403 (${publishAsReader})`);
  await reader.context.close();
  const lifted = await fetch(new URL('_simulator/faults', simulator.endsWith('/') ? simulator : `${simulator}/`), {
    method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ confirmationDelay: '00:00:00' }) });
  check(lifted.ok, `the simulator confirms from now on (${lifted.status})`);
  await page.waitForFunction(() => document.getElementById('batch-status')?.textContent.includes('completed'), null, { timeout: 60000 });
  check((await statusText(page)).includes('3 of 3 published'), `the page follows the batch to completed without a reload, every clip published (${await statusText(page)})`);
  check(await page.locator('#batch .step.current:text("published")').count() === 3, `each clip's timeline ends at published (${await page.textContent('#batch table')})`);
  await page.screenshot({ path: path.join(shots, 'batch-completed.png'), fullPage: true });

  await page.goto(`${origin}/dashboard/#batches`);
  await page.waitForSelector('#publish-form');
  // A manager publishes from the page. Bad input first: the API refuses it and the page shows the API's
  // own message for each field; nothing is stored.
  const total = () => page.evaluate(() => fetch('/api/metricool/batches', { credentials: 'same-origin' }).then(r => r.json()).then(p => p.total));
  const before = await total();
  const submit = async () => {
    const answer = page.waitForResponse(r => new URL(r.url()).pathname === '/api/metricool/publish/stories');
    await page.click('#publish-form button[type=submit]');
    return (await answer).status();
  };
  const shown = () => page.$$eval('#publish-errors li', ls => Object.fromEntries(ls.map(l => [l.dataset.field, l.textContent])));
  await page.fill('#publish-form [name=accountId]', 'blog-7');
  await page.fill('#publish-form [name=clips]', 'https://cdn.test/form-1.mp4 Part 1\nnot a link');
  check(await submit() === 400, 'bad input is refused by the API (400)');
  await page.waitForSelector('#publish-errors');
  const refused = await shown();
  check(JSON.stringify(refused) === JSON.stringify({
    accountId: 'accountId: accountId (the Metricool blogId) is required and must be a number.',
    userId: 'userId: userId (the Metricool user id) is required (at most 200 characters).',
    'clips[1].url': 'clips[1].url: Each clip needs a well-formed http(s) URL.' }), `the form shows the API's message for each field (${JSON.stringify(refused)})`);
  await page.screenshot({ path: path.join(shots, 'publish-refused.png'), fullPage: true });
  await page.fill('#publish-form [name=accountId]', '1003');
  await page.fill('#publish-form [name=userId]', 'user-form');
  await page.fill('#publish-form [name=clips]', 'https://cdn.test/form-1.mp4 Part 1\nhttps://cdn.test/form-2.mp4 Part 2');
  await page.selectOption('#publish-form [name=mode]', 'scheduled');
  check(await submit() === 400, 'scheduled without a time is refused by the API (400)');
  await page.waitForFunction(() => document.querySelector('#publish-errors li')?.dataset.field === 'scheduledFor');
  const unscheduled = await shown();
  check(JSON.stringify(unscheduled) === JSON.stringify({ scheduledFor: 'scheduledFor: scheduledFor is required when mode is scheduled.' }),
    `the form shows the API's message for a missing time (${JSON.stringify(unscheduled)})`);
  check(await total() === before, 'refused input stored no batch');
  // Then good input: the batch is stored and its page opens.
  await page.selectOption('#publish-form [name=mode]', 'now');
  check(await submit() === 202, 'the form publishes a batch (202)');
  await page.waitForFunction(() => location.hash.startsWith('#batch/'));
  const created = decodeURIComponent(await page.evaluate(() => location.hash.slice('#batch/'.length)));
  await page.waitForSelector('#batch-status');
  // The simulator confirms at once by now, so the batch may already have published some clips.
  check(/user user-form · account 1003 · [0-2] of 2 published/.test(await statusText(page)), `the new batch's page opens (${await statusText(page)})`);
  check(await total() === before + 1, 'the form stored one batch');
  console.log(`created batch ${created}`);

  // The form's two refusals were asked for; anything else is a problem.
  // (Chromium also logs each refused request on the console.)
  const refusal = p => p.startsWith('HTTP 400: ') && new URL(p.slice(10)).pathname === '/api/metricool/publish/stories';
  const logged = p => p === 'console: Failed to load resource: the server responded with a status of 400 (Bad Request)';
  const unexpected = problems.filter(p => !refusal(p) && !logged(p));
  check(problems.filter(refusal).length === 2 && problems.filter(logged).length <= 2, `the form's two refusals and no more (${problems.filter(refusal).length})`);
  check(unexpected.length === 0, `no console errors and no failed requests${unexpected.length ? ':\n  ' + unexpected.join('\n  ') : ''}`);
  await context.close();

} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
  await showPages(browser, shots);
} finally {
  await browser.close();
}
finish('batches');
