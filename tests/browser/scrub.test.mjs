// Drives the integrity scrub's card on Silo's storage page in Debian's headless Chromium through playwright-core.
//   node tests/browser/scrub.test.mjs <base-url> <admin-key-of-tenant-*> <analytics-read-key-of-a-tenant> [screenshot-dir]
// The node's store holds one object no row names (strays/left-behind.bin). Checks: the operator's card says no scrub has
// run, "Scrub now" starts one, the run ends done with its orphan counted and listed in its findings; a tenant's reader sees
// the run but no button, no orphan (no post of its holds it) and no finding. Requests off the gateway's origin fail the run.
import { checks, launchChromium, loopbackOnly, signedIn as signIn } from './support.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [base, adminKey, readerKey, shots = path.resolve('artifacts/dashboard-screenshots/scrub')] = process.argv.slice(2);
if (!base || !adminKey || !readerKey) {
  console.error('usage: node scrub.test.mjs <base-url> <admin-key-of-tenant-*> <analytics-read-key-of-a-tenant> [screenshot-dir]');
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
  check(row?.Run === '1' && row?.Status === 'done' && row?.Orphaned === '1' && row?.Missing === '0',
    `the run ends done with its orphan counted (${JSON.stringify(row)})`);
  await page.click('#scrub-runs a[data-run="1"]');
  await page.waitForSelector('#scrub-findings table');
  const findings = await page.textContent('#scrub-findings');
  check(findings.includes('orphaned') && findings.includes('strays/left-behind.bin') && findings.includes('listed'), 'its findings list the orphan');
  await page.screenshot({ path: path.join(shots, 'scrub-operator.png'), fullPage: true });
  check(problems.length === 0, `no console errors and no failed requests${problems.length ? ':\n  ' + problems.join('\n  ') : ''}`);
  await context.close();

  const reader = await signedIn(readerKey, '#storage');
  await reader.page.waitForSelector('#scrub-runs table');
  check(!(await reader.page.$('#scrub-start')), 'a tenant\'s reader sees no "Scrub now"');
  const theirs = await runRow(reader.page);
  check(theirs?.Run === '1' && theirs?.Orphaned === '0', `a tenant sees the run without the orphan (${JSON.stringify(theirs)})`);
  await reader.page.click('#scrub-runs a[data-run="1"]');
  await reader.page.waitForFunction(() => document.getElementById('scrub-findings')?.textContent.includes('Nothing found wrong.'));
  check(true, 'a tenant sees no finding');
  check(reader.problems.length === 0, `no console errors for the reader${reader.problems.length ? ':\n  ' + reader.problems.join('\n  ') : ''}`);
  await reader.context.close();
} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
  for (const c of browser.contexts()) for (const p of c.pages()) {
    console.log(`page ${p.url()}: ${(await p.textContent('main').catch(() => '')).slice(0, 400)}`);
    await p.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  }
} finally {
  await browser.close();
}
finish('scrub');
