// What the browser tests share: loopback-only targets, the ok/FAIL lines and their count, Debian's headless Chromium,
// and a context signed in with an API key whose requests may not leave the gateway's origin.
import path from 'node:path';
import { chromium } from 'playwright-core';

/** Stops the test (exit 2) unless every URL is on a loopback address. */
export function loopbackOnly(...urls) {
  for (const url of urls) {
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) { console.error(`refusing a non-loopback address: ${url}`); process.exit(2); }
  }
}

/** `check(ok, what)` prints one line; `failures()` counts the failed ones; `finish(name)` prints the total and exits. */
export function checks() {
  let failures = 0;
  const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures++; };
  const finish = name => {
    console.log(failures === 0 ? `${name} browser checks passed` : `${failures} ${name} browser check(s) failed`);
    process.exit(failures === 0 ? 0 : 1);
  };
  return { check, failures: () => failures, finish };
}

export const launchChromium = () => chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

/**
 * A new context signed in with `key` and opened on `/dashboard/{target}`. A request off `origin` is aborted and reported to
 * `check` as a failure; console errors, page errors, failed requests and 4xx/5xx answers are collected in `problems`.
 */
export async function signedIn(browser, origin, key, target, check) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.route(url => new URL(url).origin !== origin, route => { check(false, `request off loopback: ${route.request().url()}`); return route.abort(); });
  const page = await context.newPage();
  const problems = [];
  page.on('console', m => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', r => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on('response', r => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(`${origin}/dashboard/${target}`);
  await page.waitForSelector('#sign-in-form');
  await page.fill('#key', key);
  await page.click('button[type=submit]');
  await page.waitForURL(u => new URL(u).pathname === '/dashboard/');
  await page.goto(`${origin}/dashboard/${target}`);
  return { context, page, problems };
}

/** After a failure: what every open page shows (the start of its main text) and a screenshot, `failure.png` in `shots`. */
export async function showPages(browser, shots) {
  for (const c of browser.contexts()) for (const p of c.pages()) {
    console.log(`page ${p.url()}: ${(await p.textContent('main').catch(() => '')).slice(0, 400)}`);
    await p.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  }
}
