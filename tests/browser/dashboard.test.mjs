// Drives the dashboard in Debian's headless Chromium through playwright-core.
//   node tests/browser/dashboard.test.mjs <base-url> <api-key> [screenshot-dir]
// Checks: every page loads with no console error and no failed request; the nodes table shows the
// running node; the grains table moves while the caller keeps sending messages (no reload); a grain's
// timeline opens from the search; an unknown key is refused. With SILO_EXPECT_MODULES=1 (the caller
// publishes real batches meanwhile): a batch's clip progress moves, a manager sees Resume/Skip for an
// unconfirmed clip, spend and ROAS are plotted. Saves a screenshot of each page.
// Exits 0 when every check passed, 1 otherwise, printing one line per check.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [base, key, shots = path.resolve('artifacts/dashboard-screenshots')] = process.argv.slice(2);
if (!base || !key) {
  console.error('usage: node dashboard.test.mjs <base-url> <api-key> [screenshot-dir]');
  process.exit(2);
}
const origin = new URL(base).origin;
const expectModules = process.env.SILO_EXPECT_MODULES === '1';
if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(base).hostname)) {
  console.error('refusing to drive a browser at a non-loopback address');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(path.join(tmpdir(), 'silo-chromium-'));
let failures = 0;
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures++; };

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1366, height: 768 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
// Nothing may leave loopback: any request elsewhere is aborted and counted as a failure.
await context.route(url => new URL(url).origin !== origin, route => { failures++; console.log(`FAIL request off loopback: ${route.request().url()}`); return route.abort(); });

function watch(page) {
  const problems = [];
  page.on('console', m => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', r => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', r => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return problems;
}

try {
  const health = await (await fetch(`${origin}/healthz`)).json();

  // 1. An unknown key is refused, on a page of its own (its 401 is expected there).
  const refused = await context.newPage();
  await refused.goto(`${origin}/dashboard`);
  await refused.fill('#key', 'silo_this_key_does_not_exist');
  const answer = refused.waitForResponse(r => r.url().endsWith('/api/dashboard/me'));
  await refused.click('button[type=submit]');
  check((await answer).status() === 401, 'an unknown key gets 401 from the gateway');
  await refused.waitForSelector('#sign-in-error:not([hidden])');
  check((await refused.textContent('#sign-in-error')).includes('Unknown or revoked key'), 'an unknown key is refused with a message');
  check(await refused.isHidden('#nav'), 'nothing but the sign-in shows after a refused key');
  await refused.screenshot({ path: path.join(shots, 'sign-in-refused.png') });
  await refused.close();

  // 2. Sign in and visit every page.
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(`${origin}/dashboard`);
  await page.waitForSelector('#sign-in-form');
  await page.screenshot({ path: path.join(shots, 'sign-in.png') });
  await page.fill('#key', key);
  await page.click('button[type=submit]');
  await page.waitForSelector('#live.on', { timeout: 15000 });
  check(true, 'signed in and the live stream is connected');

  await page.waitForSelector(`#nodes td >> text=${health.nodeId}`, { timeout: 15000 });
  const nodeRow = page.locator('#nodes tr', { hasText: health.nodeId });
  check((await nodeRow.textContent()).includes('alive'), `the nodes table shows the running node ${health.nodeId} alive`);
  await page.waitForFunction(() => document.querySelectorAll('#chart-turns polyline').length === 3);
  await page.screenshot({ path: path.join(shots, 'cluster.png'), fullPage: true });

  await page.click('nav a[data-page=grains]');
  await page.waitForSelector('#grain-types td >> text=counter', { timeout: 15000 });
  const grainsCount = async () => Number((await page.locator('#grain-types tr', { hasText: 'counter' }).locator('td').nth(1).textContent()).replace(/,/g, ''));
  const before = await grainsCount();
  await page.waitForFunction(n => {
    const row = [...document.querySelectorAll('#grain-types tr')].find(r => r.textContent.includes('counter'));
    return row && Number(row.children[1].textContent.replace(/,/g, '')) > n;
  }, before, { timeout: 20000 });
  check((await grainsCount()) > before, `the grains table moves without a reload (counter grains ${before} → ${await grainsCount()})`);
  await page.fill('#grain-id', 'counter/browser-1');
  await page.click('#grain-search button');
  await page.waitForSelector('#grain-detail .timeline td', { timeout: 10000 });
  check((await page.textContent('#grain-detail')).includes('handled'), 'a grain found by id opens its timeline');
  await page.screenshot({ path: path.join(shots, 'grains.png'), fullPage: true });

  for (const section of ['media', 'publishing', 'insights']) {
    await page.click(`nav a[data-page=${section}]`);
    await page.waitForFunction(s => document.getElementById(s).children.length > 0, section);
    const text = await page.textContent(`#${section}`);
    check(await page.isVisible(`#page-${section}`), `the ${section} page renders (${text.slice(0, 60).trim()}…)`);
    if (expectModules) {
      check(!text.includes('could not be read'), `the ${section} page shows its module's data`);
      if (section === 'publishing') {
        const published = async () => Number((await page.locator('#publishing .clips + .progress + span').first().textContent()).split(' ')[0]);
        const first = await published();
        await page.waitForFunction(n => Number(document.querySelector('#publishing .clips + .progress + span').textContent.split(' ')[0]) !== n,
          first, { timeout: 20000 });
        check((await published()) !== first, `a batch's clip progress moves without a reload (${first} → ${await published()} published)`);
        check(await page.isVisible('#publishing button:text("Resume")'), 'a manager sees resume and skip for an unconfirmed clip');
      }
      if (section === 'insights') {
        await page.waitForFunction(() => document.querySelectorAll('#insights polyline').length === 2);
        check(true, 'spend and ROAS are plotted');
      }
    }
    await page.screenshot({ path: path.join(shots, `${section}.png`), fullPage: true });
  }

  check(problems.length === 0, `no console errors and no failed requests${problems.length ? ':\n  ' + problems.join('\n  ') : ''}`);

  // A reload keeps the session (the key lives in sessionStorage for this tab). Leaving the page
  // aborts its open event stream; that one abort is the reload's doing, anything else is not.
  problems.length = 0;
  await page.reload();
  await page.waitForSelector('#live.on', { timeout: 15000 });
  check(await page.isHidden('#sign-in'), 'a reload keeps the tab signed in');
  const afterReload = problems.filter(p => !/request failed: .*\/api\/dashboard\/stream net::ERR_ABORTED$/.test(p));
  check(afterReload.length === 0, `no console errors and no failed requests after the reload${afterReload.length ? ':\n  ' + afterReload.join('\n  ') : ''}`);

  await page.click('#sign-out');
  check(await page.isVisible('#sign-in-form') && await page.evaluate(() => sessionStorage.length === 0), 'signing out forgets the key');
} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(failures === 0 ? 'browser checks passed' : `${failures} browser check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
