// Drives Silo's media library in Debian's headless Chromium through playwright-core.
//   node tests/browser/library.test.mjs <base-url> <manager-key> <analytics-read-key> [screenshot-dir]
// The caller has archived real posts (manual:lib-img, an image; manual:lib-vid, a video; manual:lib-pod, an
// audio file whose transcript says "flamingo", the oldest), left one
// failed for good with its file now at the CDN (manual:lib-late) and one refused by the guard
// (manual:lib-bait). Checks: the library shows archived images (natural width > 0) newest first, a video tile only its preview frame;
// filters change the grid; a word only in a transcript finds its post, whose page shows the transcript and
// plays it as captions (the track loads); the storage page counts transcript files; the refused post shows its reason and no image; the failures view groups
// by reason; a manager's Retry on a post's page archives it; an analytics:read key sees no manager
// button and gets 403 when it calls one. Every request off loopback is aborted and fails the run.
import { checks, launchChromium } from './support.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [base, managerKey, readerKey, shots = path.resolve('artifacts/dashboard-screenshots/library')] = process.argv.slice(2);
if (!base || !managerKey || !readerKey) {
  console.error('usage: node library.test.mjs <base-url> <manager-key> <analytics-read-key> [screenshot-dir]');
  process.exit(2);
}
const origin = new URL(base).origin;
if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(base).hostname)) {
  console.error('refusing to drive a browser at a non-loopback address');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const { check, finish } = checks();

const browser = await launchChromium();

async function signedIn(key) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.route(url => new URL(url).origin !== origin, route => { check(false, `request off loopback: ${route.request().url()}`); return route.abort(); });
  const page = await context.newPage();
  const problems = [];
  page.on('console', m => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', r => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on('response', r => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(`${origin}/dashboard/#library`);
  await page.waitForSelector('#sign-in-form');
  await page.fill('#key', key);
  await page.click('button[type=submit]');
  await page.waitForURL(u => new URL(u).pathname === '/dashboard/');
  return { context, page, problems };
}

const tiles = page => page.$$eval('#library-grid .tile', ts => ts.map(t => t.dataset.post));
async function filter(page, fields) {
  for (const [name, value] of Object.entries(fields)) {
    const input = page.locator(`#library-filters [name=${name}]`);
    if (await input.evaluate(e => e.tagName) === 'SELECT') await input.selectOption(value); else await input.fill(value);
  }
  const answer = page.waitForResponse(r => new URL(r.url()).pathname === '/api/posts');
  await page.click('#library-filters button[type=submit]');
  await answer;
  await page.waitForFunction(() => document.getElementById('library-results').children.length > 0);
}

try {
  // 1. A manager: the library, its filters, a failed post's Retry, the failures view.
  const { context, page, problems } = await signedIn(managerKey);
  await page.goto(`${origin}/dashboard/#library`);
  await page.waitForSelector('#library-grid .tile');
  check(JSON.stringify(await tiles(page)) === JSON.stringify(['manual:lib-bait', 'manual:lib-late', 'manual:lib-vid', 'manual:lib-img', 'manual:lib-pod']),
    `the library shows every post newest first (${await tiles(page)})`);
  const img = page.locator('.tile[data-post="manual:lib-img"] img.thumb');
  check(await img.getAttribute('loading') === 'lazy', 'images are lazy-loaded');
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('.tile[data-post="manual:lib-img"] img.thumb')?.naturalWidth > 0, null, { timeout: 15000 });
  const src = await img.getAttribute('src');
  check(src.startsWith('/media/'), `the image is the archived copy served by Silo (${src})`);
  check(await img.evaluate(i => i.naturalWidth) === 64, 'the archived image is shown at its real size (natural width 64)');
  check(await page.locator('.tile[data-post="manual:lib-vid"] video.thumb').count() === 1, 'a video post shows its archived video');
  const video = page.locator('.tile[data-post="manual:lib-vid"] video.thumb');
  const [poster, videoSrc, preload] = [await video.getAttribute('poster'), await video.getAttribute('src'), await video.getAttribute('preload')];
  check((poster || '').startsWith('/media/') && poster !== videoSrc && preload === 'none',
    `a video tile shows the archived first frame and fetches no video until played (poster ${poster}, preload ${preload})`);
  const bait = await page.textContent('.tile[data-post="manual:lib-bait"]');
  check(await page.locator('.tile[data-post="manual:lib-bait"] img, .tile[data-post="manual:lib-bait"] video').count() === 0
    && bait.includes('is not in Silo:Media:AllowedHosts'), 'a post refused by the guard shows no image, and says why');
  await page.screenshot({ path: path.join(shots, 'library.png'), fullPage: true });

  await filter(page, { q: 'zebra' });
  check(JSON.stringify(await tiles(page)) === '["manual:lib-img"]', 'searching the message narrows the grid');
  await filter(page, { q: '', kind: 'video' });
  check(JSON.stringify(await tiles(page)) === '["manual:lib-vid"]', 'the media kind filter narrows the grid');
  await filter(page, { kind: '', status: 'error' });
  check(JSON.stringify(await tiles(page)) === '["manual:lib-bait","manual:lib-late"]', 'the status filter narrows the grid');
  const tomorrow = new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 10);
  await filter(page, { status: '', from: tomorrow });
  check(await page.isVisible('#library-results :text("No post matches these filters.")'), 'a date range with no post empties the grid');
  await filter(page, { from: '', to: '', source: 'facebook' });
  check((await tiles(page)).length === 0, 'the source filter narrows the grid');
  await filter(page, { source: '' });
  check((await tiles(page)).length === 5, 'clearing the filters shows every post again');
  await filter(page, { q: 'FLAMINGO' });
  check(JSON.stringify(await tiles(page)) === '["manual:lib-pod"]', 'a word only in a transcript finds its post');
  await filter(page, { q: '', kind: 'audio' });
  check(JSON.stringify(await tiles(page)) === '["manual:lib-pod"]', 'the media kind filter finds audio posts');
  await filter(page, { kind: '' });

  // A post's page: the transcript's text, and its WebVTT as captions on the audio player (loaded through the posts API).
  await page.goto(`${origin}/dashboard/#post/manual%3Alib-pod`);
  await page.waitForSelector('#post .transcript');
  const transcriptText = await page.textContent('#post .transcript-text');
  check(transcriptText === 'Welcome back. Today the flamingo stands on one leg for the whole episode.', `the post's page shows its transcript (${transcriptText})`);
  const track = page.locator('#post audio.full track[kind=captions]');
  check(await track.count() === 1, 'the audio player has a captions track');
  const trackSrc = await track.getAttribute('src');
  check(trackSrc === '/api/posts/manual%3Alib-pod/transcripts/attachment%3A0%3Aaudio/vtt', `the captions come from this origin (${trackSrc})`);
  // A default track loads by itself; showing it as well makes sure a browser that left it disabled loads it now.
  await page.evaluate(() => { const t = document.querySelector('#post audio.full track'); if (t.track.mode === 'disabled') t.track.mode = 'hidden'; });
  await page.waitForFunction(() => document.querySelector('#post audio.full track').readyState === 2, null, { timeout: 15000 });
  const cues = await page.evaluate(() => [...document.querySelector('#post audio.full track').track.cues].map(c => c.text));
  check(JSON.stringify(cues) === JSON.stringify(['Welcome back. Today the flamingo stands on one leg for the whole episode.']),
    `the captions track loaded its cue (${JSON.stringify(cues)})`);
  await page.screenshot({ path: path.join(shots, 'post-transcript.png'), fullPage: true });

  // The storage page counts the transcript's text and WebVTT files.
  await page.goto(`${origin}/dashboard/#storage`);
  await page.waitForSelector('#transcript-bytes');
  const transcriptBytes = Number(await page.getAttribute('#transcript-bytes', 'data-transcript-bytes'));
  check(transcriptBytes > 72, `the storage page counts the transcript's files (${transcriptBytes} bytes)`);
  check((await page.textContent('#storage-figures')).includes('2 text and WebVTT files'), 'the storage page says how many transcript files there are');
  await page.goto(`${origin}/dashboard/#library`);
  await page.waitForSelector('#library-grid .tile');

  await page.click('nav a[data-page=failures]');
  await page.waitForSelector('#failures table');
  const failuresText = await page.textContent('#failures');
  check(failuresText.includes('Not found (404)') && failuresText.includes('Refused by the download guard'), 'failures are grouped by reason');
  check(await page.locator('#failures button[data-reason=not_found]').count() === 1, 'a manager sees a bulk retry per reason');
  await page.screenshot({ path: path.join(shots, 'failures.png'), fullPage: true });

  await page.click('#failures a[href="#post/manual%3Alib-late"]');
  // The post section still holds the page drawn before (the episode's) until this one's answer arrives.
  await page.waitForFunction(() => document.querySelector('#post h2')?.textContent === 'Late upload');
  const postText = await page.textContent('#post');
  check(postText.includes('http_404') && postText.includes('Attempts'), 'a failed post\'s page lists its attempts with their error');
  check(await page.locator('#post a:text("original link")').count() === 1, 'the post\'s page links to the original');
  await page.screenshot({ path: path.join(shots, 'post-failed.png'), fullPage: true });
  await page.click('#retry');
  await page.waitForSelector('#post .item img.full', { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('#post .item img.full').naturalWidth > 0);
  check((await page.textContent('#post')).includes('success'), 'a manager\'s Retry archives the failed post and its page shows the image');
  const shownText = await page.textContent('#post');
  check(/[0-9a-f]{64}/.test(shownText) && shownText.includes('40 × 30') && shownText.includes('image/png') && shownText.includes('1 post'),
    'the post\'s page shows the file\'s SHA-256, dimensions, type and how many posts share it');
  await page.screenshot({ path: path.join(shots, 'post.png'), fullPage: true });
  check(problems.length === 0, `no console errors and no failed requests${problems.length ? ':\n  ' + problems.join('\n  ') : ''}`);
  await context.close();

  // 2. An analytics:read key: the same pages without manager buttons, and 403 if it calls one anyway.
  const reader = await signedIn(readerKey);
  await reader.page.goto(`${origin}/dashboard/#post/manual%3Alib-bait`);
  await reader.page.waitForSelector('#post .item');
  check(await reader.page.locator('#retry').count() === 0, 'an analytics:read key sees no Retry on a failed post');
  await reader.page.click('nav a[data-page=failures]');
  await reader.page.waitForSelector('#failures table');
  check(await reader.page.locator('#failures button').count() === 0, 'an analytics:read key sees no bulk retry');
  check(reader.problems.length === 0, `no console errors and no failed requests for analytics:read${reader.problems.length ? ':\n  ' + reader.problems.join('\n  ') : ''}`);
  const statuses = await reader.page.evaluate(async () => Promise.all([
    fetch('/api/posts/manual%3Alib-bait/retry', { method: 'POST', credentials: 'same-origin' }).then(r => r.status),
    fetch('/api/posts/failures/guard_refusal/retry', { method: 'POST', credentials: 'same-origin' }).then(r => r.status)]));
  check(JSON.stringify(statuses) === '[403,403]', `an analytics:read key calling the manager routes gets 403 (${statuses})`);
  await reader.page.screenshot({ path: path.join(shots, 'post-analytics-read.png'), fullPage: true });
  await reader.context.close();
} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
} finally {
  await browser.close();
}
finish('library');
