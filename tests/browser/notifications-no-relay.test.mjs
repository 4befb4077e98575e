// The notifications page of a node with no SMTP relay configured, in Debian's headless Chromium through playwright-core.
//   node tests/browser/notifications-no-relay.test.mjs <base-url> <manager-key>
// Checks: the form still offers the webhook kinds, shows email disabled with the API's reason (naming the setting), and
// says why beside the form; the browser's requests off the gateway's origin fail the run.
import { checks, launchChromium, loopbackOnly, signedIn } from './support.mjs';

const [base, managerKey] = process.argv.slice(2);
if (!base || !managerKey) {
  console.error('usage: node notifications-no-relay.test.mjs <base-url> <manager-key>');
  process.exit(2);
}
const origin = new URL(base).origin;
loopbackOnly(base);
const { check, finish } = checks();

const browser = await launchChromium();
try {
  const { context, page, problems } = await signedIn(browser, origin, managerKey, '#notifications', check);
  await page.waitForSelector('#destination-form');
  const options = await page.$$eval('#destination-form [name=kind] option', os => os.map(o => ({ kind: o.value, disabled: o.disabled, title: o.title })));
  check(options.some(o => o.kind === 'webhook' && !o.disabled) && options.some(o => o.kind === 'slack' && !o.disabled),
    'the webhook kinds are offered');
  const email = options.find(o => o.kind === 'email');
  check(!!email && email.disabled, 'email is offered disabled');
  check(!!email && email.title.includes('Silo:Notifications:Smtp'), `its reason names the setting (${email?.title})`);
  const why = await page.textContent('#email-unavailable').catch(() => '');
  check(why.startsWith('Email: ') && why.includes('Silo:Notifications:Smtp'), `the form says why (${why})`);
  check(problems.length === 0, `no console errors and no failed requests (${problems.join('; ')})`);
  await context.close();
} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
} finally {
  await browser.close();
}
finish('notifications without a relay');
