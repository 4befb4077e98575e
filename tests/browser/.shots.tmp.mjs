import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
const errors = [];
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
await page.goto('http://127.0.0.1:5080/dashboard');
await page.fill('#key', 'silo_demo_admin_key_change_me');
await page.click('button[type=submit]');
await page.waitForSelector('#live.on');
await page.waitForTimeout(3000);
for (const s of ['cluster', 'grains', 'media', 'publishing', 'insights']) {
  await page.click(`nav a[data-page=${s}]`);
  if (s === 'publishing') await page.waitForSelector('#publishing .clips', { timeout: 70000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `/tmp/dashfix-shots/${s}.png`, fullPage: true });
}
console.log('errors:', errors);
await browser.close();
