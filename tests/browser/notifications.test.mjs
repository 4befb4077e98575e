// Drives Silo's notifications page in Debian's headless Chromium through playwright-core.
//   node tests/browser/notifications.test.mjs <base-url> <manager-key> <analytics-read-key> <receiver-url> [screenshot-dir]
// <receiver-url> is the receiver simulator's webhook URL on loopback, which the node admits (Silo:Notifications:PrivateHosts).
// Checks: a manager's form is refused a private address and no events with the API's messages; then adds a signed
// webhook and is shown its secret once; "Send a test event" is delivered (the log shows it, with no reload of anything
// but the page); an analytics:read key sees the destination and its log but no form nor command, and gets 403 calling
// one; a manager deletes it. Then an email destination (the node has an SMTP relay: the simulator's) is added from the
// same form, with addresses in place of the URL, its test event delivered and logged with the relay's SMTP code, and
// deleted. Last, a webhook whose receiver is down (switched over the simulator's fault API) is paused after the node's
// DisableAfter (2 s) and resumed from the page, which delivers the test event that waited. The browser's requests off
// the gateway's origin fail the run.
import { checks, launchChromium, loopbackOnly, signedIn as signIn, showPages } from './support.mjs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [base, managerKey, readerKey, receiver, shots = path.resolve('artifacts/dashboard-screenshots/notifications')] = process.argv.slice(2);
if (!base || !managerKey || !readerKey || !receiver) {
  console.error('usage: node notifications.test.mjs <base-url> <manager-key> <analytics-read-key> <receiver-url> [screenshot-dir]');
  process.exit(2);
}
const origin = new URL(base).origin;
loopbackOnly(base, receiver);
mkdirSync(shots, { recursive: true });
const { check, finish } = checks();

const browser = await launchChromium();

const signedIn = (key, target) => signIn(browser, origin, key, target, check);
const shown = page => page.$$eval('#destination-errors li', lis => Object.fromEntries(lis.map(li => [li.dataset.field, li.textContent])));
async function submit(page) {
  const answer = page.waitForResponse(r => new URL(r.url()).pathname === '/api/notifications/destinations' && r.request().method() === 'POST');
  await page.click('#destination-form button[type=submit]');
  return (await answer).status();
}

let id = '';
try {
  const { context, page, problems } = await signedIn(managerKey, '#notifications');
  await page.waitForSelector('#destination-form');
  check((await page.textContent('#destination-list')).includes('No destination yet.'), 'the list starts empty');

  // Refused: a private address, and no event chosen.
  await page.fill('#destination-form [name=name]', 'team hook');
  await page.fill('#destination-form [name=url]', 'http://10.0.0.1/hook');
  check(await submit(page) === 400, 'a private address is refused by the API (400)');
  await page.waitForSelector('#destination-errors');
  const refused = await shown(page);
  check(/^url: .*a private network address/.test(refused.url || '') && refused.events === 'events: name at least one event type.',
    `the form shows the API's message for each field (${JSON.stringify(refused)})`);

  // Added: a signed webhook on the receiver; its secret is shown once.
  await page.fill('#destination-form [name=url]', receiver);
  await page.check('#destination-form input[value="post.error"]');
  await page.check('#destination-form input[value="alert.raised"]');
  check(await submit(page) === 201, 'the form adds the destination (201)');
  await page.waitForSelector('#destination-secret');
  check(/whsec_[A-Za-z0-9_-]{43}/.test(await page.textContent('#destination-secret')), 'the signing secret is shown');
  id = await page.evaluate(() => location.hash.split('/')[1]);
  check(/^\d+$/.test(id), `the destination's page opens (${id})`);
  check((await page.textContent('#destination-list')).includes('team hook'), 'the list shows it');
  check((await page.textContent('#deliveries')).includes('Nothing sent yet.'), 'its log starts empty');

  // A test event, delivered: the page, opened again, shows it in the log.
  await page.click('#destination button[data-command=test]');
  await page.waitForFunction(() => /Test event \d+ queued\./.test(document.getElementById('destination-command').textContent));
  const deadline = Date.now() + 30000;
  while (!(await page.$('#deliveries .badge.delivered')) && Date.now() < deadline) {
    await page.reload();
    await page.waitForSelector('#deliveries');
  }
  check(!!(await page.$('#deliveries .badge.delivered')), 'the log shows the test event delivered');
  check((await page.textContent('#deliveries')).includes('test'), 'the log names the event type');
  check(!(await page.$('#destination-secret')), 'the secret is not shown again');
  await page.screenshot({ path: path.join(shots, 'notifications.png'), fullPage: true });

  const refusal = p => p.startsWith('HTTP 400: ') && new URL(p.slice(10)).pathname === '/api/notifications/destinations';
  const logged = p => p === 'console: Failed to load resource: the server responded with a status of 400 (Bad Request)';
  const unexpected = problems.filter(p => !refusal(p) && !logged(p));
  check(problems.filter(refusal).length === 1, `the form's one refusal and no more (${problems.filter(refusal).length})`);
  check(unexpected.length === 0, `no console errors and no failed requests${unexpected.length ? ':\n  ' + unexpected.join('\n  ') : ''}`);

  // A reader sees the destination and its log, and no command.
  const reader = await signedIn(readerKey, `#notifications/${id}`);
  await reader.page.waitForSelector('#deliveries .badge.delivered');
  check(!(await reader.page.$('#destination-form')), 'a reader sees no form');
  check((await reader.page.$$('#destination button[data-command]')).length === 0, 'a reader sees no command');
  const status = await reader.page.evaluate(async id => (await fetch(`/api/notifications/destinations/${id}/test`, { method: 'POST', credentials: 'same-origin' })).status, id);
  check(status === 403, `a reader's test event is refused (${status})`);
  await reader.context.close();

  // Deleted by the manager.
  await page.click('#destination button[data-command=delete]');
  await page.waitForFunction(() => location.hash === '#notifications');
  await page.waitForFunction(() => document.getElementById('destination-list')?.textContent.includes('No destination yet.'));
  check(true, 'a manager deletes it');
  console.log(`destination ${id}`);

  // Email: offered because the node has a relay; addresses replace the URL field.
  check(!(await page.$('#email-unavailable')), 'with a relay configured, email is offered without a warning');
  await page.selectOption('#destination-form [name=kind]', 'email');
  check(await page.isHidden('#destination-url') && await page.isVisible('#destination-addresses'), 'choosing email asks for addresses instead of a URL');
  await page.fill('#destination-form [name=name]', 'team mail');
  await page.fill('#destination-form [name=addresses]', 'ops@example.com, oncall@example.com');
  await page.check('#destination-form input[value="batch.failed"]');
  check(await submit(page) === 201, 'the form adds the email destination (201)');
  await page.waitForFunction(() => /^#notifications\/\d+$/.test(location.hash) && document.getElementById('destination-name')?.textContent === 'team mail');
  const mailId = await page.evaluate(() => location.hash.split('/')[1]);
  check(!(await page.$('#destination-secret')), 'an email destination has no secret to show');
  check((await page.textContent('#destination-list')).includes('ops@example.com, oncall@example.com'), 'the list shows its addresses');
  await page.click('#destination button[data-command=test]');
  await page.waitForFunction(() => /Test event \d+ queued\./.test(document.getElementById('destination-command').textContent));
  const mailDeadline = Date.now() + 30000;
  while (!(await page.$('#deliveries .badge.delivered')) && Date.now() < mailDeadline) {
    await page.reload();
    await page.waitForSelector('#deliveries');
  }
  check(!!(await page.$('#deliveries .badge.delivered')), 'the log shows the test email delivered');
  check((await page.textContent('#deliveries thead')).includes('SMTP') && (await page.textContent('#deliveries tbody')).includes('250'),
    "the log shows the relay's SMTP code");
  await page.screenshot({ path: path.join(shots, 'notifications-email.png'), fullPage: true });
  await page.click('#destination button[data-command=delete]');
  await page.waitForFunction(() => document.getElementById('destination-list')?.textContent.includes('No destination yet.'));
  check(true, `the email destination ${mailId} is deleted`);

  // Paused for failing too long, resumed from the page.
  const receiverDown = down => fetch(new URL('/receiver/_simulator/faults', receiver), {
    method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ down }) });
  check((await receiverDown(true)).ok, 'the receiver is switched down');
  await page.selectOption('#destination-form [name=kind]', 'webhook');
  await page.fill('#destination-form [name=name]', 'flaky hook');
  await page.fill('#destination-form [name=url]', new URL('flaky', receiver).toString());
  await page.check('#destination-form input[value="post.error"]');
  check(await submit(page) === 201, 'a second webhook is added');
  await page.waitForSelector('#destination-secret');
  await page.click('#destination button[data-command=test]');
  await page.waitForFunction(() => /Test event \d+ queued\./.test(document.getElementById('destination-command').textContent));
  const pauseDeadline = Date.now() + 30000;
  // The list is read before the destination: a pause between the two reads shows on the destination only until the next load.
  const paused = async () => !!(await page.$('#destination-paused')) && !!(await page.$('#destination-list .badge.paused'));
  while (!(await paused()) && Date.now() < pauseDeadline) {
    await page.reload();
    await page.waitForSelector('#deliveries');
  }
  check(/^Paused .*failing since/.test(await page.textContent('#destination-paused').catch(() => '')), 'the page says the destination is paused, and since when it failed');
  check(!!(await page.$('#destination-list .badge.paused')), 'the list shows it paused');
  await page.screenshot({ path: path.join(shots, 'notifications-paused.png'), fullPage: true });
  check((await receiverDown(false)).ok, 'the receiver is back');
  await page.click('#destination button[data-command=resume]');
  await page.waitForFunction(() => !document.getElementById('destination-paused') && !document.querySelector('#destination button[data-command=resume]'));
  const resumeDeadline = Date.now() + 30000;
  while (!(await page.$('#deliveries .badge.delivered')) && Date.now() < resumeDeadline) {
    await page.reload();
    await page.waitForSelector('#deliveries');
  }
  check(!!(await page.$('#deliveries .badge.delivered')), 'resumed, the test event that waited is delivered');
  await page.click('#destination button[data-command=delete]');
  await page.waitForFunction(() => document.getElementById('destination-list')?.textContent.includes('No destination yet.'));
  await context.close();
} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
  await showPages(browser, shots);
} finally {
  await browser.close();
}
finish('notifications');
