// Two browser pages chat in sori's lobby through Debian's Chromium, driven by playwright-core.
// Run by BrowserChatTest, which starts the server and a plain TCP client and checks what everyone saw.
// Environment: SORI_URL (the page), SORI_EXPECT (said/action lines everyone should see in the end),
// SORI_SCREENSHOT (PNG path), optional SORI_PHONE_SCREENSHOT, SORI_KO_SCREENSHOT, CHROMIUM.
// Prints one JSON line per step ({"step": ...}) and a last line {"result": ...}; exits non-zero on failure.
import { chromium } from 'playwright-core';

const url = process.env.SORI_URL;
const expect = Number(process.env.SORI_EXPECT ?? '0');
const shot = process.env.SORI_SCREENSHOT;
const step = (name, extra = {}) => console.log(JSON.stringify({ step: name, ...extra }));
const WAIT = 20_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
  // playwright gives each launch a fresh temporary profile of its own (no --user-data-dir needed).
});

/**
 * The page's modules keep their socket to themselves: this records every WebSocket a page opens
 * (window.__sockets) so a test can drop one as a network would.
 */
const RECORD_SOCKETS = () => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      window.__sockets.push(this);
    }
  };
};

/** The said and action lines of the lobby, in page order, as "name: text". */
async function lobbyLines(page) {
  return page.$$eval('#logs > ol', (logs) => {
    // The lobby's log is the first one made: the welcome creates it.
    const log = logs[0];
    return [...log.querySelectorAll('li.said, li.action')].map((li) => li.classList.contains('said')
      ? `${li.querySelector('.name').textContent}: ${li.querySelector('.text').textContent}`
      : li.querySelector('.text').textContent);
  });
}

async function enter(page, name) {
  await page.goto(url);
  await page.fill('#name', name);
  await page.click('#name-form button');
  await page.waitForSelector('#chat:not([hidden])', { timeout: WAIT });
  await page.waitForFunction((n) => document.getElementById('me').textContent === n, name, { timeout: WAIT });
}

async function say(page, text) {
  await page.fill('#input', text);
  await page.press('#input', 'Enter');
}

async function waitForLines(page, n) {
  await page.waitForFunction((count) => document.querySelectorAll('#logs > ol:first-child li.said, '
    + '#logs > ol:first-child li.action').length >= count, n, { timeout: WAIT });
}

let failed = false;
try {
  const desktop = { viewport: { width: 1200, height: 760 }, locale: 'en-US', reducedMotion: 'reduce' };
  const a = await (await browser.newContext(desktop)).newPage();
  const b = await (await browser.newContext(desktop)).newPage();
  for (const p of [a, b]) {
    await p.addInitScript(RECORD_SOCKETS);
    p.on('pageerror', (e) => step('pageerror', { message: String(e) }));
  }

  // A name that is taken is refused inline, and the page stays on the name form.
  await enter(a, 'mina');
  await b.goto(url);
  await b.fill('#name', 'MINA');
  await b.click('#name-form button');
  await b.waitForFunction(() => document.getElementById('name-error').textContent.length > 0, null,
    { timeout: WAIT });
  step('taken', { error: await b.textContent('#name-error') });
  await b.fill('#name', 'jun');
  await b.click('#name-form button');
  await b.waitForSelector('#chat:not([hidden])', { timeout: WAIT });
  step('entered');

  // Everyone talks at once: three lines from each page, typed as fast as playwright can.
  await Promise.all([
    (async () => { for (const i of [1, 2, 3]) await say(a, `mina ${i}`); })(),
    (async () => {
      await say(b, 'jun 1');
      await say(b, '/me waves');
      await say(b, 'jun 3');
    })(),
  ]);
  step('said');

  // jun drops off; mina speaks meanwhile; jun's page reconnects by itself and fills the gap.
  const before = (await lobbyLines(a)).length;
  await b.evaluate(() => window.__sockets.at(-1).close());
  await b.waitForFunction(() => document.body.classList.contains('offline'), null, { timeout: WAIT });
  await say(a, 'while jun was away');
  await b.waitForFunction(() => !document.body.classList.contains('offline')
    && document.getElementById('me').textContent === 'jun', null, { timeout: WAIT });
  step('reconnected', { before });

  await waitForLines(a, expect);
  await waitForLines(b, expect);

  // A private message and a /command typed in the input box.
  await say(a, '/msg jun psst');
  await b.waitForSelector('#dms button', { timeout: WAIT });
  await say(a, '/topic sori test');
  await b.waitForFunction(() => document.getElementById('topic').textContent === 'sori test', null,
    { timeout: WAIT });

  const pages = [await lobbyLines(a), await lobbyLines(b)];
  if (shot) {
    await a.screenshot({ path: shot });
  }
  if (process.env.SORI_PHONE_SCREENSHOT) {
    await b.setViewportSize({ width: 390, height: 780 });
    await b.screenshot({ path: process.env.SORI_PHONE_SCREENSHOT });
  }
  let korean = null;
  if (process.env.SORI_KO_SCREENSHOT) {
    const ko = await (await browser.newContext({ locale: 'ko-KR', viewport: { width: 390, height: 600 },
      reducedMotion: 'reduce' })).newPage();
    await ko.goto(url);
    korean = await ko.textContent('label[for=name]');
    await enter(ko, '수아');
    await ko.waitForSelector('#logs li.topic_set, #logs li.said', { timeout: WAIT });
    await ko.screenshot({ path: process.env.SORI_KO_SCREENSHOT });
  }
  console.log(JSON.stringify({ result: { pages, korean } }));
} catch (e) {
  failed = true;
  console.log(JSON.stringify({ error: String(e && e.stack || e) }));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
