// Drives the dashboards in Debian's headless Chromium through playwright-core.
//   node tests/browser/dashboard.test.mjs <base-url> <api-key of tenant *> [screenshot-dir] [api-key of a tenant]
// Checks: an anonymous browser is sent to sign in (the Orleans Dashboard and Silo's pages); an
// unknown key is refused; signing in with the form lands on the Orleans Dashboard, which loads with
// no console error and no failed request and shows the running silo; Silo's pages (media,
// publishing, insights) render and link to it; the key is nowhere the page can read (the session
// cookie is HttpOnly); a reload keeps the session and signing out ends it. With a tenant's key: its
// pages render without the link to the Orleans Dashboard, which answers it 403. Every request off
// loopback is aborted and fails the run, so the dashboards are proven to work offline (no CDN).
// With SILO_EXPECT_MODULES=1 (the caller publishes real batches meanwhile): a batch's clip progress
// moves, a manager sees Resume/Skip for an unconfirmed clip, spend and ROAS are plotted. Saves a
// screenshot of each page. Exits 0 when every check passed, 1 otherwise, printing one line per check.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [base, key, shots = path.resolve('artifacts/dashboard-screenshots'), tenantKey] = process.argv.slice(2);
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
  // The silos as Orleans' membership has them, to look for on the Orleans Dashboard.
  const nodes = await (await fetch(`${origin}/api/cluster/nodes`, { headers: { Authorization: `Bearer ${key}` } })).json();
  const active = nodes.filter(n => n.status === 'active');
  check(active.length > 0, `the gateway lists ${active.length} active silo(s)`);

  // 1. An anonymous browser is sent to sign in, from either dashboard, and comes back where it was going.
  const anonymous = await context.newPage();
  for (const target of ['/orleans/', '/dashboard/']) {
    await anonymous.goto(`${origin}${target}`);
    const at = new URL(anonymous.url());
    check(at.pathname === '/signin' && at.searchParams.get('returnUrl') === target, `an anonymous visit to ${target} is sent to sign in (${at.pathname}${at.search})`);
  }
  await anonymous.screenshot({ path: path.join(shots, 'sign-in.png') });

  // 2. An unknown key is refused on the form.
  await anonymous.fill('#key', 'silo_this_key_does_not_exist');
  const answer = anonymous.waitForResponse(r => r.url().endsWith('/signin') && r.request().method() === 'POST');
  await anonymous.click('button[type=submit]');
  check((await answer).status() === 401, 'an unknown key gets 401 from the gateway');
  await anonymous.waitForSelector('#sign-in-error:not([hidden])');
  check((await anonymous.textContent('#sign-in-error')).includes('Unknown or revoked key'), 'an unknown key is refused with a message');
  check(new URL(anonymous.url()).pathname === '/signin', 'nothing but the sign-in shows after a refused key');
  await anonymous.screenshot({ path: path.join(shots, 'sign-in-refused.png') });
  await anonymous.close();

  // 3. Sign in with the form: the browser lands on the Orleans Dashboard, which shows the silo.
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(`${origin}/orleans/`);
  await page.waitForSelector('#sign-in-form');
  await page.fill('#key', key);
  await page.click('button[type=submit]');
  await page.waitForURL(`${origin}/orleans/`);
  check(true, 'signing in returns to the Orleans Dashboard');
  await page.click('a[href="#/silos"]');
  for (const silo of active.map(n => n.address)) {
    await page.waitForFunction(s => document.body.innerText.includes(s), silo, { timeout: 30000 });
    check(true, `the Orleans Dashboard's Silos page shows the silo ${silo}`);
  }
  await page.screenshot({ path: path.join(shots, 'orleans-dashboard.png'), fullPage: true });
  const cookies = await context.cookies(origin);
  const session = cookies.find(c => c.name === 'silo_session');
  check(session && session.httpOnly && session.sameSite === 'Strict' && !session.value.includes(key),
    'the session cookie is HttpOnly, SameSite=Strict and does not hold the key');
  check(await page.evaluate(() => !document.cookie.includes('silo_session')), 'the page\'s scripts cannot read the session');

  // 4. Silo's own pages, signed in by the same session, link to the Orleans Dashboard.
  await page.goto(`${origin}/dashboard/`);
  await page.waitForSelector('#live.on', { timeout: 15000 });
  check(await page.isVisible('nav a[href="/orleans/"]'), 'Silo\'s pages link to the Orleans Dashboard');
  check(await page.evaluate(k => !JSON.stringify({ ...sessionStorage, ...localStorage }).includes(k), key), 'the key is not in the page\'s storage');
  for (const section of ['media', 'publishing', 'insights']) {
    await page.click(`nav a[data-page=${section}]`);
    await page.waitForFunction(s => document.getElementById(s).children.length > 0, section);
    const text = await page.textContent(`#${section}`);
    check(await page.isVisible(`#page-${section}`), `the ${section} page renders (${text.slice(0, 60).trim()}…)`);
    if (section === 'media') check(text.includes('Patreon crawls') && text.includes('History backfills'), 'the media page has its backfill and Patreon crawl cards');
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

  // Leaving a page aborts its open streams (Silo's SSE, the Orleans Dashboard's polls): those aborts are navigation's doing.
  const real = list => list.filter(p => !/request failed: .* net::ERR_ABORTED$/.test(p));
  check(real(problems).length === 0, `no console errors and no failed requests${real(problems).length ? ':\n  ' + real(problems).join('\n  ') : ''}`);

  // 5. A reload keeps the session; signing out ends it.
  problems.length = 0;
  await page.reload();
  await page.waitForSelector('#live.on', { timeout: 15000 });
  check(new URL(page.url()).pathname === '/dashboard/', 'a reload keeps the browser signed in');
  check(real(problems).length === 0, `no console errors and no failed requests after the reload${real(problems).length ? ':\n  ' + real(problems).join('\n  ') : ''}`);
  await page.click('#sign-out');
  await page.waitForURL(u => new URL(u).pathname === '/signin');
  await page.goto(`${origin}/orleans/`);
  check(new URL(page.url()).pathname === '/signin', 'after signing out the Orleans Dashboard asks to sign in again');

  // 6. A tenant's key: Silo's pages (its own rows) without the link to the Orleans Dashboard, which lists every tenant's grains.
  if (tenantKey) {
    problems.length = 0;
    await page.goto(`${origin}/dashboard/`);
    await page.waitForSelector('#sign-in-form');
    await page.fill('#key', tenantKey);
    await page.click('button[type=submit]');
    await page.waitForURL(`${origin}/dashboard/`);
    await page.waitForSelector('#live.on', { timeout: 15000 });
    check(await page.locator('nav a[href="/orleans/"]').count() === 0 && await page.isVisible('nav a[data-page=media]'),
      'a tenant\'s pages have no link to the Orleans Dashboard');
    // With the session's cookie, outside the page (its console would log the refusal).
    const orleans = (await context.request.get(`${origin}/orleans/ClusterStats`, { headers: { Accept: 'application/json' } })).status();
    check(orleans === 403, `the Orleans Dashboard answers a tenant's session 403 (${orleans})`);
    await page.screenshot({ path: path.join(shots, 'tenant-media.png'), fullPage: true });
    check(real(problems).length === 0, `no console errors and no failed requests for a tenant${real(problems).length ? ':\n  ' + real(problems).join('\n  ') : ''}`);
  }
} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(failures === 0 ? 'browser checks passed' : `${failures} browser check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
