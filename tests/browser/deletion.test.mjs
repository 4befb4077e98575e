// Drives the post page's delete action and the deletions page in Debian's headless Chromium through playwright-core.
//   node tests/browser/deletion.test.mjs <base-url> <manager-key> <analytics-read-key> <admin-key> <post-id> <other-post-id> [screenshot-dir]
// The keys' tenant holds 3 youtube posts and 600 patreon posts besides the two manual ones; instagram's retention is 30 days.
// Checks: a reader sees no delete action on a post's page, sees the retention per source, no purge form, and is told the
// deletions are for managers; a manager's "Delete post…" asks for confirmation in the page, Cancel deletes nothing, "Delete
// for good" deletes the post and opens the deletions page, which shows the audit line (the post, who, why) and no purge
// form. An admin's purge of the patreon posts is confirmed, followed and stopped midway; the purge of the youtube posts
// says how many will go, Cancel starts nothing, and once confirmed its progress reaches done with 3 deleted and their
// audit lines shown. The browser's requests off the gateway's origin fail the run.
import { checks, launchChromium, loopbackOnly, showPages } from './support.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [base, managerKey, readerKey, adminKey, postId, otherPostId, shots = path.resolve('artifacts/dashboard-screenshots/deletion')] = process.argv.slice(2);
if (!base || !managerKey || !readerKey || !adminKey || !postId || !otherPostId) {
  console.error('usage: node deletion.test.mjs <base-url> <manager-key> <analytics-read-key> <admin-key> <post-id> <other-post-id> [screenshot-dir]');
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
  check(await reader.page.$eval('#retention', e => e.textContent.includes('instagram') && e.textContent.includes('30 days')),
    "a reader sees instagram's retention of 30 days");
  check(await reader.page.locator('#retention [data-keep=""]').count() === 4, 'and the four other sources kept for ever');
  check(await reader.page.locator('#purge-form').count() === 0, 'a reader sees no purge form');
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
  check(await page.locator('#purge-form').count() === 0, 'a manager sees no purge form');
  check(await page.locator('#retention').count() === 1, 'a manager sees the retention');
  await page.screenshot({ path: path.join(shots, 'deletions.png'), fullPage: true });
  await page.goto(`${origin}/dashboard/${postPage(postId)}`);
  await page.waitForSelector('#post [role=alert]');
  check((await page.textContent('#post')).includes(`No post ${postId}.`), 'the deleted post is gone');
  const unexpected = problems.filter(p => !(p.includes('404') && p.includes(encodeURIComponent(postId))) && !p.includes('404 (Not Found)'));
  check(unexpected.length === 0, `no console errors and no failed requests${unexpected.length ? ':\n  ' + unexpected.join('\n  ') : ''}`);
  await context.close();

  // An admin: a purge stopped midway, then one followed to its end.
  const admin = await signedIn(adminKey, '#deletions');
  const a = admin.page;
  await a.waitForSelector('#purge-form');
  await a.waitForSelector('#purge-posts');
  check(await a.$eval('#purge-form input[name=tenant]', e => e.readOnly && e.value.length > 0), "the tenant is the key's own, not editable");
  await a.selectOption('#purge-form select[name=source]', 'patreon');
  await a.waitForSelector('#purge-posts[data-posts="600"]');
  await a.click('#purge-form button[type=submit]');
  await a.waitForSelector('#purge-confirm:not([hidden])');
  check((await a.textContent('#purge-confirm')).includes('600 posts of tenant'), 'the confirmation says how many posts will go');
  await a.click('#purge-confirmed');
  await a.waitForSelector('#purge-run[data-status=running] #purge-stop');
  check(true, 'the running purge shows its progress and a Stop button');
  await a.screenshot({ path: path.join(shots, 'purge-running.png'), fullPage: true });
  await a.click('#purge-stop');
  await a.waitForSelector('#purge-run[data-status=cancelled]');
  const stopped = Number(await a.getAttribute('#purge-run', 'data-deleted'));
  const left = Number(await a.getAttribute('#purge-posts', 'data-posts'));
  check(stopped < 600 && stopped + left === 600, `Stop ends it with the posts left kept (${stopped} deleted, ${left} left)`);
  check(await a.locator('#purge-stop').count() === 0, 'a stopped purge has no Stop button');

  await a.selectOption('#purge-form select[name=source]', 'youtube');
  await a.waitForSelector('#purge-posts[data-posts="3"]');
  await a.click('#purge-form button[type=submit]');
  await a.waitForSelector('#purge-confirm:not([hidden])');
  check((await a.textContent('#purge-confirm')).includes('3 posts of tenant') && (await a.textContent('#purge-confirm')).includes('source youtube'),
    'the confirmation names the source and its 3 posts');
  await a.click('#purge-cancel');
  check(await a.isHidden('#purge-confirm'), 'Cancel closes the confirmation');
  check((await a.textContent('#purge-progress')).includes('No purge of it was started'), 'and starts nothing');
  await a.click('#purge-form button[type=submit]');
  await a.waitForSelector('#purge-confirm:not([hidden])');
  await a.click('#purge-confirmed');
  await a.waitForSelector('#purge-run[data-status=done][data-deleted="3"]', { timeout: 60_000 });
  check(await a.getAttribute('#purge-posts', 'data-posts') === '0', 'the purge is done: no youtube post left');
  await a.waitForFunction(() => [...document.querySelectorAll('#deletion-lines tr')]
    .filter(tr => [...tr.cells].some(td => td.textContent === 'youtube') && [...tr.cells].some(td => td.textContent === 'source')).length === 3);
  check(true, "the audit lines show the 3 youtube posts' deletions (reason source)");
  await a.screenshot({ path: path.join(shots, 'purge-done.png'), fullPage: true });
  check(admin.problems.length === 0, `no console errors for the admin${admin.problems.length ? ':\n  ' + admin.problems.join('\n  ') : ''}`);
  await admin.context.close();
} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
  await showPages(browser, shots);
} finally {
  await browser.close();
}
finish('deletion');
