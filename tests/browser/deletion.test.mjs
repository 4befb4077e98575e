// Drives the post page's delete action and the deletions page in Debian's headless Chromium through playwright-core.
//   node tests/browser/deletion.test.mjs <base-url> <manager-key> <analytics-read-key> <post-id> <other-post-id> [screenshot-dir]
// Checks: a reader sees no delete action on a post's page and is told the deletions are for managers; a manager's
// "Delete post…" asks for confirmation in the page, Cancel deletes nothing, "Delete for good" deletes the post and opens
// the deletions page, which shows the audit line (the post, who, why). The browser's requests off the gateway's origin fail the run.
import { checks, launchChromium, loopbackOnly } from './support.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [base, managerKey, readerKey, postId, otherPostId, shots = path.resolve('artifacts/dashboard-screenshots/deletion')] = process.argv.slice(2);
if (!base || !managerKey || !readerKey || !postId || !otherPostId) {
  console.error('usage: node deletion.test.mjs <base-url> <manager-key> <analytics-read-key> <post-id> <other-post-id> [screenshot-dir]');
  process.exit(2);
}
const origin = new URL(base).origin;
loopbackOnly(base);
mkdirSync(shots, { recursive: true });
const { check, finish } = checks();

const browser = await launchChromium();

async function signedIn(key, target) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.route(url => new URL(url).origin !== origin, route => { check(false, `request off loopback: ${route.request().url()}`); return route.abort(); });
  const page = await context.newPage();
  const problems = [];
  page.on('console', m => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('response', r => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(`${origin}/dashboard/${target}`);
  await page.waitForSelector('#sign-in-form');
  await page.fill('#key', key);
  await page.click('button[type=submit]');
  await page.waitForURL(u => new URL(u).pathname === '/dashboard/');
  await page.goto(`${origin}/dashboard/${target}`);
  return { context, page, problems };
}
const postPage = id => `#post/${encodeURIComponent(id)}`;

try {
  // A reader: no delete action, and the deletions are not shown.
  const reader = await signedIn(readerKey, postPage(otherPostId));
  await reader.page.waitForSelector('#permalink');
  check(!(await reader.page.$('#delete')), 'a reader sees no delete action');
  await reader.page.evaluate(() => { location.hash = '#deletions'; });
  await reader.page.waitForFunction(() => document.getElementById('deletions').textContent.includes('shown to managers and admins'));
  check(true, 'a reader is told the deletions are for managers');
  check(reader.problems.length === 0, `no console errors for the reader${reader.problems.length ? ':\n  ' + reader.problems.join('\n  ') : ''}`);
  await reader.context.close();

  // A manager: confirmation, cancel, then delete.
  const { context, page, problems } = await signedIn(managerKey, postPage(postId));
  await page.waitForSelector('#delete');
  check(await page.isHidden('#delete-confirm'), 'no confirmation before the action is chosen');
  await page.click('#delete');
  check(await page.isVisible('#delete-confirm'), 'the action asks for confirmation');
  check((await page.textContent('#delete-confirm')).includes('grace period'), 'the confirmation says what is kept for the grace period');
  await page.screenshot({ path: path.join(shots, 'confirm.png'), fullPage: true });
  await page.click('#delete-cancel');
  check(await page.isHidden('#delete-confirm'), 'Cancel closes the confirmation');
  await page.click('#delete');
  const answer = page.waitForResponse(r => r.request().method() === 'DELETE');
  await page.click('#delete-confirmed');
  check((await answer).status() === 204, 'the post is deleted (204)');
  await page.waitForFunction(() => location.hash === '#deletions');
  await page.waitForFunction(id => document.getElementById('deletions').textContent.includes(id), postId);
  const line = await page.textContent('#deletions');
  check(line.includes('key:') && line.includes('manager'), `the audit line names who and why (${line.slice(0, 200)})`);
  await page.screenshot({ path: path.join(shots, 'deletions.png'), fullPage: true });
  await page.goto(`${origin}/dashboard/${postPage(postId)}`);
  await page.waitForSelector('#post [role=alert]');
  check((await page.textContent('#post')).includes(`No post ${postId}.`), 'the deleted post is gone');
  const unexpected = problems.filter(p => !(p.includes('404') && p.includes(encodeURIComponent(postId))) && !p.includes('404 (Not Found)'));
  check(unexpected.length === 0, `no console errors and no failed requests${unexpected.length ? ':\n  ' + unexpected.join('\n  ') : ''}`);
  await context.close();
} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
  for (const c of browser.contexts()) for (const p of c.pages()) {
    console.log(`page ${p.url()}: ${(await p.textContent('main').catch(() => '')).slice(0, 400)}`);
    await p.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  }
} finally {
  await browser.close();
}
finish('deletion');
