// Drives the storage page's exports in Debian's headless Chromium through playwright-core.
//   node tests/browser/exports.test.mjs <base-url> <manager-key> <analytics-read-key> [screenshot-dir]
// The keys' tenant holds a few posts. Checks: a manager's form is refused a date range that ends before it starts, with
// the API's message; an export of every source is started, its bar fills and its download link appears without a reload;
// the link's archive is a tar (ustar magic at byte 257) and says until when it is kept; the manager's Delete asks once more,
// then the export stays listed as expired with no link; an analytics:read key sees the export but neither a form to start
// one nor a delete button. The browser's requests off the gateway's origin fail the run.
import { checks, launchChromium, loopbackOnly } from './support.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [base, managerKey, readerKey, shots = path.resolve('artifacts/dashboard-screenshots/exports')] = process.argv.slice(2);
if (!base || !managerKey || !readerKey) {
  console.error('usage: node exports.test.mjs <base-url> <manager-key> <analytics-read-key> [screenshot-dir]');
  process.exit(2);
}
const origin = new URL(base).origin;
loopbackOnly(base);
mkdirSync(shots, { recursive: true });
const { check, finish } = checks();

const browser = await launchChromium();

async function signedIn(key) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  await context.route(url => new URL(url).origin !== origin, route => { check(false, `request off loopback: ${route.request().url()}`); return route.abort(); });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  await page.goto(`${origin}/dashboard/#storage`);
  await page.waitForSelector('#sign-in-form');
  await page.fill('#key', key);
  await page.click('button[type=submit]');
  await page.waitForURL(u => new URL(u).pathname === '/dashboard/');
  await page.goto(`${origin}/dashboard/#storage`);
  await page.waitForSelector('#export-list table, #export-list p');
  return { context, page, problems };
}

async function start(page) {
  const answer = page.waitForResponse(r => new URL(r.url()).pathname === '/api/media/exports' && r.request().method() === 'POST');
  await page.click('#export-form button[type=submit]');
  return (await answer).status();
}

try {
  const { context, page, problems } = await signedIn(managerKey);
  check((await page.textContent('#export-list')).includes('No export yet.'), 'the list starts empty');
  await page.fill('#export-form input[name=from]', '2026-03-01');
  await page.fill('#export-form input[name=to]', '2026-02-01');
  check(await start(page) === 400, 'a range ending before it starts is refused');
  // The message is written once the problem's body is read, just after the answer arrives: wait for it.
  check(await page.waitForFunction(() => document.querySelector('#export-message').textContent.includes('to: must come after from.'),
    null, { timeout: 5_000 }).then(() => true, () => false), "the API's message is shown");
  await page.fill('#export-form input[name=from]', '');
  await page.fill('#export-form input[name=to]', '');
  check(await start(page) === 202, 'an export of every source is started');
  await page.waitForSelector('#export-list a.export-download', { timeout: 60_000 });
  check(await page.$eval('#export-list [data-export]', e => e.dataset.status) === 'done', 'the export shows as done without a reload');
  check(await page.$eval('#export-list .progress > div', e => e.style.width) === '100%', 'its bar is full');
  check((await page.textContent('#export-list')).includes('3 of 3 posts'), 'its posts are counted');
  await page.screenshot({ path: path.join(shots, 'storage-exports.png'), fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-list a.export-download')]);
  const file = await download.path();
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(file);
  check(bytes.length > 1024 && bytes.subarray(257, 262).toString() === 'ustar', `the download is a tar (${bytes.length} bytes)`);
  check(await page.locator('#export-list .export-expires').count() === 1, 'the finished export says until when its archive is kept');
  await page.click('#export-list .export-delete');
  check(await page.textContent('#export-list .export-delete') === 'Delete for good', 'Delete asks once more');
  const deleted = page.waitForResponse(r => r.request().method() === 'DELETE');
  await page.click('#export-list .export-delete');
  check((await deleted).status() === 204, 'the export is deleted (204)');
  await page.waitForSelector('#export-list [data-export][data-status=expired]');
  check((await page.textContent('#export-list')).includes('deleted'), 'it stays listed as expired, saying when its archive was deleted');
  check(await page.locator('#export-list a.export-download').count() === 0 && await page.locator('#export-list .export-delete').count() === 0,
    'with no download link and no delete button');
  await page.screenshot({ path: path.join(shots, 'storage-exports-expired.png'), fullPage: true });
  check(problems.length === 0, `no page errors${problems.length ? ': ' + problems.join('; ') : ''}`);
  await context.close();

  const reader = await signedIn(readerKey);
  await reader.page.waitForSelector('#export-list [data-export]');
  // Commands are shown to managers only, as on every page; the API refuses a reader's export anyway (access matrix).
  check(await reader.page.locator('#export-form').count() === 0, 'a reader sees the exports but no form to start one');
  check(await reader.page.locator('#exports .export-download').count() === 0, 'nor a download link');
  check(await reader.page.locator('#exports .export-delete').count() === 0, 'nor a delete button');
  await reader.context.close();
} finally {
  await browser.close();
}
finish('exports');
