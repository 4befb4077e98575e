// Drives Silo's insights drill-down, insights overview and storage pages in Debian's headless Chromium.
//   node tests/browser/insights.test.mjs <base-url> <manager-key> <analytics-read-key> <expected.json> [screenshot-dir]
// The caller synced a live ad account from the Meta Ads simulator (eleven rate-limit refusals on the
// way) and archived three posts from the CDN simulator, two sharing one image; expected.json holds
// the spend the simulator served per entity for the last 7 days and the 7 before, and the archived
// bytes. Checks: the overview shows the rate-limit-hits alert with the others; the campaigns table,
// a campaign, an ad set and an ad show those figures and their change against the period before; the ad's
// page shows its creative, drawn from the archived copy;
// the CSV export answers from the page; the storage page shows the stored bytes, the dedup savings
// and the largest files; an analytics:read key sees the same pages with no command and gets 403
// from a manager's route. Every request off loopback is aborted and fails the run.
import { checks, launchChromium, showPages } from './support.mjs';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [base, managerKey, readerKey, expectedPath, shots = path.resolve('artifacts/dashboard-screenshots/insights')] = process.argv.slice(2);
if (!base || !managerKey || !readerKey || !expectedPath) {
  console.error('usage: node insights.test.mjs <base-url> <manager-key> <analytics-read-key> <expected.json> [screenshot-dir]');
  process.exit(2);
}
const origin = new URL(base).origin;
if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(base).hostname)) {
  console.error('refusing to drive a browser at a non-loopback address');
  process.exit(2);
}
const expected = JSON.parse(readFileSync(expectedPath, 'utf8'));
mkdirSync(shots, { recursive: true });
const { check, finish } = checks();
const money = v => Number(v).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
const change = (a, b) => b ? `${a - b >= 0 ? '▲' : '▼'} ${(Math.abs((a - b) / b) * 100).toFixed(1)}%` : (a ? 'new' : '');
const entities = level => Object.entries(expected.entities).filter(([, e]) => e.level === level).map(([id, e]) => ({ id, ...e }));

const browser = await launchChromium();

async function signedIn(key, target) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: false });
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

// Each row of the level's table: entity id → the spend cell's text.
const rows = page => page.$$eval('#breakdown a[data-entity]', as => as.map(a => ({
  id: a.dataset.entity, spend: a.closest('tr').querySelector('[data-figure=spend]').textContent })));
function checkRows(actual, level, what) {
  const want = entities(level).filter(e => what(e)).sort((a, b) => b.spend - a.spend || (a.id < b.id ? -1 : 1));
  check(JSON.stringify(actual.map(r => r.id)) === JSON.stringify(want.map(e => e.id)), `the ${level} table lists ${want.length} rows, largest spend first`);
  for (const e of want) {
    const row = actual.find(r => r.id === e.id);
    check(row && row.spend === `${money(e.spend)}${change(e.spend, e.previous)}`,
      `${e.name}: ${money(e.spend)} in 7 days, ${change(e.spend, e.previous)} against the 7 before (${row && row.spend})`);
  }
  return want;
}
async function checkEntity(page, e) {
  await page.waitForFunction(name => document.getElementById('entity-name')?.textContent === name, e.name);
  const card = await page.$eval('#entity-figures [data-figure=spend]', f => ({ value: f.querySelector('.value').textContent, delta: f.querySelector('.delta').textContent }));
  check(card.value === money(e.spend) && card.delta === change(e.spend, e.previous), `${e.name}'s page: spend ${card.value} ${card.delta}`);
  check(await page.locator('#campaigns .chart svg polyline').count() === 2, `${e.name}'s page plots spend and ROAS per day`);
}

try {
  const { context, page, problems } = await signedIn(managerKey, '#insights');
  // The overview: seed 004's hourly rate-limit line crossed, shown with the existing alerts.
  await page.waitForFunction(() => [...document.querySelectorAll('#insights table td')].some(td => td.textContent === 'rate_limit_hits'), null, { timeout: 30000 });
  check(true, 'the overview lists the rate-limit-hits alert with the insights alerts');
  await page.screenshot({ path: path.join(shots, 'insights.png'), fullPage: true });

  await page.goto(`${origin}/dashboard/#campaigns`);
  await page.waitForSelector('#breakdown[data-level=campaign] a[data-entity]');
  const campaigns = checkRows(await rows(page), 'campaign', () => true);
  await page.screenshot({ path: path.join(shots, 'campaigns.png'), fullPage: true });

  const campaign = campaigns[0];
  await page.click(`#breakdown a[data-entity="${campaign.id}"]`);
  await checkEntity(page, campaign);
  const seed = await page.$$eval('#seed-figures .figure', fs => Object.fromEntries(fs.map(f => [f.querySelector('.label').textContent, f.querySelector('.value').textContent])));
  check(seed['Ad sets'] === '2' && seed['Ads'] === '4', `the campaign's page has seed 004's counts (${JSON.stringify(seed)})`);
  check(seed['Total spend'] === money(campaign.spend), `seed 004's total spend matches (${seed['Total spend']})`);
  await page.waitForSelector('#breakdown[data-level=adset] a[data-entity]');
  const adsets = checkRows(await rows(page), 'adset', e => e.campaign === campaign.id);
  // The CSV export from the page: its link asks for the ad sets' rows of the same days.
  const csv = await page.evaluate(async () => {
    const href = document.getElementById('export-csv').getAttribute('href');
    const r = await fetch(href, { credentials: 'same-origin' });
    return { href, status: r.status, type: r.headers.get('content-type'), lines: (await r.text()).split('\r\n').filter(Boolean).length };
  });
  check(csv.status === 200 && csv.type.startsWith('text/csv') && csv.lines === 1 + entities('adset').length * 7,
    `the page's CSV export answers with a header and every ad set's 7 days (${JSON.stringify(csv)})`);
  await page.screenshot({ path: path.join(shots, 'campaign.png'), fullPage: true });

  await page.click(`#breakdown a[data-entity="${adsets[0].id}"]`);
  await checkEntity(page, adsets[0]);
  await page.waitForSelector('#breakdown[data-level=ad] a[data-entity]');
  const ads = checkRows(await rows(page), 'ad', e => e.adset === adsets[0].id);
  await page.screenshot({ path: path.join(shots, 'adset.png'), fullPage: true });

  await page.click(`#breakdown a[data-entity="${ads[0].id}"]`);
  await checkEntity(page, ads[0]);
  const peers = await page.$$eval('#seed-figures .figure', fs => fs.find(f => f.querySelector('.label').textContent === 'Peers in its ad set')?.querySelector('.value').textContent);
  check(peers === '1', `the ad's page compares it with its one peer (${peers})`);
  // Its creative beside it, drawn from the archive (/media, with the session): the image loaded, its text shown.
  await page.waitForSelector('#ad-creative[data-status=archived] img[data-role=image]');
  await page.waitForFunction(() => [...document.querySelectorAll('#ad-creative img')].every(i => i.complete && i.naturalWidth > 0));
  const creative = await page.$eval('#ad-creative', c => {
    const img = c.querySelector('img[data-role=image]'), thumb = c.querySelector('img[data-role=thumbnail]');
    return { title: c.querySelector('h3')?.textContent, src: new URL(img.src).pathname, thumb: !!thumb,
      loaded: img.complete && img.naturalWidth === 160 && img.naturalHeight === 90 };
  });
  check(creative.title === expected.creativeTitle && creative.src.startsWith('/media/') && creative.thumb && creative.loaded,
    `the ad's page shows its archived creative (${JSON.stringify(creative)})`);
  await page.screenshot({ path: path.join(shots, 'ad.png'), fullPage: true });
  await page.click('.breadcrumb a[href="#campaigns"]');
  await page.waitForSelector('#breakdown[data-level=campaign]');
  check(true, 'the breadcrumb leads back to every campaign');

  // Storage: the archived bytes, what dedup saved, the largest files.
  await page.goto(`${origin}/dashboard/#storage`);
  await page.waitForSelector('#storage-figures');
  const figures = await page.$$eval('#storage-figures [data-bytes]', vs => vs.map(v => Number(v.dataset.bytes)));
  check(JSON.stringify(figures) === JSON.stringify([expected.storedBytes, expected.savedBytes]),
    `storage shows the archived bytes and the bytes dedup saved (${figures})`);
  check(await page.locator('#storage .chart[data-series="filesystem"] svg polyline').count() === 1, 'bytes per backend are plotted');
  check(await page.locator('#storage .chart[data-series="tenant-a"] svg polyline').count() === 1, 'bytes per tenant are plotted');
  const largest = await page.$$eval('#largest-files tbody tr', trs => trs.map(tr => tr.querySelector('a')?.getAttribute('href')));
  check(largest.length === 2 && largest[0] === '#post/manual%3Ast-1', `the largest files link to their posts (${largest})`);
  await page.screenshot({ path: path.join(shots, 'storage.png'), fullPage: true });
  check(problems.length === 0, `no console errors and no failed requests${problems.length ? ':\n  ' + problems.join('\n  ') : ''}`);
  await context.close();

  // analytics:read: the same pages, no command on them, and a manager's route refused.
  const reader = await signedIn(readerKey, '#campaigns');
  await reader.page.waitForSelector('#breakdown[data-level=campaign] a[data-entity]');
  check(await reader.page.locator('#campaigns button').count() === 0, 'an analytics:read key sees the campaigns with no command');
  await reader.page.goto(`${origin}/dashboard/#storage`);
  await reader.page.waitForSelector('#storage-figures');
  check(await reader.page.locator('#storage button').count() === 0, 'an analytics:read key sees storage with no command');
  check(reader.problems.length === 0, `no console errors and no failed requests for analytics:read${reader.problems.length ? ':\n  ' + reader.problems.join('\n  ') : ''}`);
  const syncAsReader = await reader.page.evaluate(() => fetch('/meta/insights/sync-now', { method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' }, body: '{}' }).then(r => r.status));
  check(syncAsReader === 403, `an analytics:read key asking for a sync gets 403 (${syncAsReader})`);
  await reader.context.close();
} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
  await showPages(browser, shots);
} finally {
  await browser.close();
}
finish('insights');
