// Drives the integrity scrub's card on Silo's storage page in Debian's headless Chromium through playwright-core.
//   node tests/browser/scrub.test.mjs <base-url> <admin-key-of-tenant-*> <analytics-read-key-of-a-tenant> <post-id> [screenshot-dir]
// The node's store holds one object no row names (strays/left-behind.bin) and has lost the stored file of the reader's
// tenant's post <post-id>, whose link no longer serves it. Checks: the operator's card says no scrub has run, "Scrub now"
// starts one, the run ends done with its orphan and its missing file counted and listed in its findings; a tenant's reader
// sees the run but no button and no orphan (no post of its holds it), only the missing file; in the library, the "damaged"
// filter shows that post alone, marked, and its page says which file is missing, why it was not fetched again and what to
// do, with no "Archive again" for a reader. Requests off the gateway's origin fail the run.
import { checks, launchChromium, loopbackOnly, signedIn as signIn, showPages } from './support.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [base, adminKey, readerKey, postId, shots = path.resolve('artifacts/dashboard-screenshots/scrub')] = process.argv.slice(2);
if (!base || !adminKey || !readerKey || !postId) {
  console.error('usage: node scrub.test.mjs <base-url> <admin-key-of-tenant-*> <analytics-read-key-of-a-tenant> <post-id> [screenshot-dir]');
  process.exit(2);
}
const origin = new URL(base).origin;
loopbackOnly(base);
mkdirSync(shots, { recursive: true });
const { check, finish } = checks();

const browser = await launchChromium();

const signedIn = (key, target) => signIn(browser, origin, key, target, check);
// A run's row of the card, as { column label: text }.
const runRow = page => page.evaluate(() => {
  const table = document.querySelector('#scrub-runs table');
  if (!table) return null;
  const labels = [...table.querySelectorAll('thead th')].map(th => th.textContent);
  const cells = [...(table.querySelector('tbody tr')?.querySelectorAll('td') || [])].map(td => td.textContent);
  return Object.fromEntries(labels.map((l, i) => [l, cells[i]]));
});

try {
  const { context, page, problems } = await signedIn(adminKey, '#storage');
  await page.waitForSelector('#scrub');
  check((await page.textContent('#scrub-runs')).includes('No scrub has run yet.'), 'the card starts with no run');
  await page.click('#scrub-start');
  await page.waitForFunction(() => document.getElementById('scrub-message')?.textContent.startsWith('Scrub started'));
  check(true, '"Scrub now" starts a run');
  // The run goes on in the cluster: the page is read again once the API says it ended.
  await page.waitForFunction(async () => {
    const runs = await (await fetch('/api/media/scrubs', { credentials: 'same-origin' })).json();
    return runs.length > 0 && runs[0].status !== 'running';
  }, null, { timeout: 30000, polling: 250 });
  await page.reload();
  await page.waitForSelector('#scrub-runs table');
  const row = await runRow(page);
  check(row?.Run === '1' && row?.Status === 'done' && row?.Orphaned === '1' && row?.Missing === '1',
    `the run ends done with its orphan and its missing file counted (${JSON.stringify(row)})`);
  await page.click('#scrub-runs a[data-run="1"]');
  await page.waitForSelector('#scrub-findings table');
  const findings = await page.textContent('#scrub-findings');
  check(findings.includes('orphaned') && findings.includes('strays/left-behind.bin') && findings.includes('listed'), 'its findings list the orphan');
  check(findings.includes('missing') && findings.includes('unrepaired'), 'and the file it could not fetch again');
  await page.screenshot({ path: path.join(shots, 'scrub-operator.png'), fullPage: true });
  check(problems.length === 0, `no console errors and no failed requests${problems.length ? ':\n  ' + problems.join('\n  ') : ''}`);
  await context.close();

  const reader = await signedIn(readerKey, '#storage');
  await reader.page.waitForSelector('#scrub-runs table');
  check(!(await reader.page.$('#scrub-start')), 'a tenant\'s reader sees no "Scrub now"');
  const theirs = await runRow(reader.page);
  check(theirs?.Run === '1' && theirs?.Orphaned === '0' && theirs?.Missing === '1',
    `a tenant sees the run with its post's missing file and without the orphan (${JSON.stringify(theirs)})`);
  await reader.page.click('#scrub-runs a[data-run="1"]');
  await reader.page.waitForSelector('#scrub-findings table');
  const theirFindings = await reader.page.textContent('#scrub-findings');
  check(theirFindings.includes('missing') && !theirFindings.includes('left-behind'), 'a tenant\'s findings: its missing file, no orphan');

  // The library: the damaged filter shows the marked post alone; its page says what was found and what to do.
  await reader.page.goto(`${origin}/dashboard/#library`);
  await reader.page.waitForSelector('#library-grid');
  await reader.page.locator('#library-filters [name=damaged]').selectOption('true');
  const answer = reader.page.waitForResponse(r => new URL(r.url()).pathname === '/api/posts' && new URL(r.url()).searchParams.get('damaged') === 'true');
  await reader.page.click('#library-filters button[type=submit]');
  await answer;
  await reader.page.waitForFunction(() => document.querySelectorAll('#library-grid .tile').length > 0);
  const tiles = await reader.page.$$eval('#library-grid .tile', ts => ts.map(t => ({ post: t.dataset.post, marked: !!t.querySelector('.badge.damaged') })));
  check(tiles.length === 1 && tiles[0].post === postId && tiles[0].marked, `the damaged filter shows the post, marked (${JSON.stringify(tiles)})`);
  await reader.page.click(`#library-grid .tile[data-post="${postId}"]`);
  await reader.page.waitForSelector('#damage');
  const notice = await reader.page.textContent('#damage');
  check(notice.includes('Damaged files') && notice.includes('stored file is missing') && notice.includes('integrity scrub run 1'),
    `the post's page says which file is missing and which run found it (${notice.slice(0, 200)})`);
  check(notice.includes('Not fetched again:') && notice.includes('Archive the post again'), 'and why it was not fetched again, and what to do');
  check(!(await reader.page.$('#archive-again')), 'a reader sees no "Archive again"');
  const integrity = await reader.page.textContent('#post .item');
  check(integrity.includes('Integrity') && integrity.includes('damaged'), 'the item itself says it is damaged');
  await reader.page.screenshot({ path: path.join(shots, 'scrub-marked-post.png'), fullPage: true });
  check(reader.problems.length === 0, `no console errors for the reader${reader.problems.length ? ':\n  ' + reader.problems.join('\n  ') : ''}`);
  await reader.context.close();
} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
  await showPages(browser, shots);
} finally {
  await browser.close();
}
finish('scrub');
