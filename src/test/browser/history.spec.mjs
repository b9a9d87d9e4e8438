// One page in Debian's Chromium against a server BrowserChatTest controls, for history:
//  SORI_MODE=scrollback: the lobby already holds SORI_EARLY lines "early N"; the page shows the last 20,
//    is scrolled to the top, loads the older ones without moving what is on screen, down to the beginning.
//  SORI_MODE=restart: the page says "before N"; prints {"step":"restart"} and waits for "stopped" on stdin
//    (the server is down), then for its own retry backoff to reach 2 s, prints {"step":"waiting"}; the test
//    starts the server again on the same ports and data, has a terminal say lines the page must catch up
//    on, writes "go"; the page reconnects by itself and says "after N".
// Prints one JSON line per step and a last {"result": {...}}; exits non-zero on failure.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';

const url = process.env.SORI_URL;
const mode = process.env.SORI_MODE;
const step = (name, extra = {}) => console.log(JSON.stringify({ step: name, ...extra }));
const WAIT = 30_000;
const stdin = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function expectLine(text) {
  const { value, done } = await stdin.next();
  if (done || value.trim() !== text) {
    throw new Error(`expected "${text}" on stdin, got ${done ? 'end of input' : `"${value}"`}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});

/** The said and action lines of the lobby's log, in page order, as "name: text". */
const LINES = () => [...document.querySelectorAll('#logs > ol[data-room="lobby"] li.said')]
  .map((li) => `${li.querySelector('.name').textContent}: ${li.querySelector('.text').textContent}`);

async function enter(page, name) {
  await page.goto(url);
  await page.fill('#name', name);
  await page.click('#name-form button');
  await page.waitForFunction((n) => document.getElementById('me').textContent === n, name, { timeout: WAIT });
}

async function say(page, text) {
  await page.fill('#input', text);
  await page.press('#input', 'Enter');
}

async function scrollback(page) {
  const early = Number(process.env.SORI_EARLY);
  await enter(page, 'ana');
  const log = '#logs > ol[data-room="lobby"]';
  await page.waitForFunction((n) => document.querySelectorAll('#logs > ol[data-room="lobby"] li.said').length >= n,
    20, { timeout: WAIT });
  await page.waitForTimeout(500); // the replay is in; nothing else is coming
  const shown = await page.evaluate(LINES);
  step('replayed', { shown: shown.length, first: shown[0], ...await page.$eval(log, (ol) => ({
    scrollHeight: ol.scrollHeight, clientHeight: ol.clientHeight, scrollTop: ol.scrollTop })) });
  // Scroll to the top, and note where the oldest line shown sits: older lines must not move it.
  const anchor = await page.$eval(log, (ol) => {
    const marker = ol.querySelector('li.marker');
    window.__markers = [];
    new MutationObserver(() => window.__markers.push(marker.textContent))
      .observe(marker, { childList: true, characterData: true, subtree: true });
    ol.scrollTop = 0;
    const first = ol.querySelector('li.said');
    return { text: first.textContent, top: first.getBoundingClientRect().top };
  });
  const marker = () => page.$eval(`${log} li.marker`, (m) => m.dataset.state);
  await page.waitForFunction(() => window.__markers.length > 0, null, { timeout: WAIT });
  const loading = await page.evaluate(() => window.__markers[0]);
  await page.waitForFunction(() => document.querySelector('#logs > ol[data-room="lobby"] li.marker')
    .dataset.state !== 'loading', null, { timeout: WAIT });
  const anchorTopAfter = await page.$eval(log, (ol, text) => [...ol.querySelectorAll('li.said')]
    .find((li) => li.textContent === text).getBoundingClientRect().top, anchor.text);
  step('loaded', await page.$eval(log, (ol) => ({ scrollHeight: ol.scrollHeight, clientHeight: ol.clientHeight,
    scrollTop: ol.scrollTop, markers: window.__markers })));
  // Keep scrolling up until the beginning of the room is reached.
  for (let i = 0; i < 20 && await marker() !== 'beginning'; i++) {
    await page.$eval(log, (ol) => { ol.scrollTop = 0; });
    await page.waitForTimeout(300);
    await page.waitForFunction(() => document.querySelector('#logs > ol[data-room="lobby"] li.marker')
      .dataset.state !== 'loading', null, { timeout: WAIT });
  }
  const beginning = await page.textContent(`${log} li.marker`);
  if (process.env.SORI_SCREENSHOT) {
    await page.screenshot({ path: process.env.SORI_SCREENSHOT });
  }
  return { early, shownFirst: shown.length, anchorTop: anchor.top, anchorTopAfter, loading,
    beginning, lines: await page.evaluate(LINES) };
}

async function restart(page) {
  const sockets = () => page.evaluate(() => window.__sockets.length);
  await enter(page, 'mina');
  for (const i of [1, 2, 3]) {
    await say(page, `before ${i}`);
  }
  await page.waitForFunction(() => [...document.querySelectorAll('#logs li.said .text')]
    .some((s) => s.textContent === 'before 3'), null, { timeout: WAIT });
  step('restart');
  await expectLine('stopped');
  // Wait until the page's backoff has grown past 2 s, so the terminal can talk before the page is back.
  await page.waitForFunction(() => /[2-9]|10/.test(document.getElementById('status').textContent)
    && document.body.classList.contains('offline'), null, { timeout: WAIT });
  const before = await sockets();
  step('waiting', { sockets: before });
  await expectLine('go');
  await page.waitForFunction((n) => window.__sockets.length > n && !document.body.classList.contains('offline')
    && document.getElementById('me').textContent === 'mina', before, { timeout: WAIT });
  step('reconnected');
  for (const i of [1, 2, 3]) {
    await say(page, `after ${i}`);
  }
  await page.waitForFunction(() => [...document.querySelectorAll('#logs li.said .text')]
    .some((s) => s.textContent === 'after 3'), null, { timeout: WAIT });
  await page.waitForTimeout(500); // let any duplicate show itself
  if (process.env.SORI_SCREENSHOT) {
    await page.screenshot({ path: process.env.SORI_SCREENSHOT });
  }
  return { lines: await page.evaluate(LINES) };
}

let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 420 }, locale: 'en-US',
    reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__sockets.push(this);
      }
    };
  });
  page.on('pageerror', (e) => step('pageerror', { message: String(e) }));
  const result = mode === 'scrollback' ? await scrollback(page) : await restart(page);
  console.log(JSON.stringify({ result }));
} catch (e) {
  failed = true;
  console.log(JSON.stringify({ error: String(e && e.stack || e) }));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
