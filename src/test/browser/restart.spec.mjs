// One page in Debian's Chromium across a server restart, driven by BrowserRestartTest: the page enters as
// mina and prints {"step":"in"}; the test stops the server (goodbye, close 1012) and starts a new one on the
// same ports. The page must come back by itself, as mina, without a reload.
// Prints one JSON line per step and a last {"result": {...}}; exits non-zero on failure.
import { chromium } from 'playwright-core';

const url = process.env.SORI_URL;
const step = (name, extra = {}) => console.log(JSON.stringify({ step: name, ...extra }));
const WAIT = 30_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});

let failed = false;
try {
  const page = await (await browser.newContext({ locale: 'en-US', reducedMotion: 'reduce' })).newPage();
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.__closes = [];
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__sockets.push({ at: performance.now() });
        this.addEventListener('close', (e) => window.__closes.push({ code: e.code, at: performance.now() }));
      }
    };
  });
  page.on('pageerror', (e) => step('pageerror', { message: String(e) }));
  await page.goto(url);
  await page.fill('#name', 'mina');
  await page.click('#name-form button');
  await page.waitForFunction(() => document.getElementById('me').textContent === 'mina', null, { timeout: WAIT });
  step('in');
  // The server goes: a goodbye that says it restarts, then close 1012; then the page is back by itself.
  await page.waitForFunction(() => window.__closes.length > 0, null, { timeout: WAIT });
  await page.waitForFunction(() => window.__sockets.length > 1 && !document.body.classList.contains('offline')
    && document.getElementById('me').textContent === 'mina', null, { timeout: WAIT });
  const result = await page.evaluate(() => ({
    closeCode: window.__closes[0].code,
    goodbye: [...document.querySelectorAll('#logs li')].map((li) => li.textContent)
      .filter((t) => t.includes('restarting')),
    sockets: window.__sockets.length,
    // How long the page was away, for the report only (never asserted).
    awayMs: Math.round(window.__sockets.at(-1).at - window.__closes[0].at),
  }));
  if (process.env.SORI_SCREENSHOT) {
    await page.screenshot({ path: process.env.SORI_SCREENSHOT });
  }
  console.log(JSON.stringify({ result }));
} catch (e) {
  failed = true;
  step('failed', { message: String(e) });
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
