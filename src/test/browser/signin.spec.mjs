// Signing in on sori's page in Debian's Chromium, driven by playwright-core; run by BrowserSignInTest.
// SORI_MODE=reload: register with the form, talk, reload (still signed in, no form shown), sign out (the
//   forms again), then sign in with the form.
// SORI_MODE=two: register in one browser context and join a second room, sign in to the same account in a
//   second context (its own cookies) with the form: it is attached, in both rooms; both talk in the lobby,
//   and both must show the same lines.
// Environment: SORI_URL, SORI_MODE, SORI_PASSWORD, optional SORI_SCREENSHOT, SORI_FORM_SCREENSHOT, CHROMIUM.
// Prints one JSON line per step ({"step": ...}) and a last line {"result": ...}; exits non-zero on failure.
import { chromium } from 'playwright-core';

const url = process.env.SORI_URL;
const mode = process.env.SORI_MODE ?? 'reload';
const password = process.env.SORI_PASSWORD ?? 'correct-horse-9';
const step = (name, extra = {}) => console.log(JSON.stringify({ step: name, ...extra }));
const WAIT = 20_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});

/** Records whether the name form was ever shown, from the first script on (window.__formShown). */
const WATCH_FORMS = () => {
  window.__formShown = false;
  new MutationObserver(() => {
    const login = document.getElementById('login');
    if (login && !login.hidden) {
      window.__formShown = true;
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['hidden'] });
};

async function lobbyLines(page) {
  return page.$$eval('#logs > ol', (logs) => [...logs[0].querySelectorAll('li.said')]
    .map((li) => `${li.querySelector('.name').textContent}: ${li.querySelector('.text').textContent}`));
}

async function signedIn(page, name) {
  await page.waitForSelector('#chat:not([hidden])', { timeout: WAIT });
  await page.waitForFunction((n) => document.getElementById('me').textContent === n
    && !document.getElementById('signed-in').hidden, name, { timeout: WAIT });
}

/** Fills the account form (register or sign in) and submits it; waits until the chat shows the account. */
async function account(page, name, register, shown = name) {
  await page.waitForSelector('#login:not([hidden])', { timeout: WAIT });
  if (register !== (await page.getAttribute('#account-form', 'data-mode') === 'register')) {
    await page.click('#account-mode');
  }
  await page.fill('#account-name', name);
  await page.fill('#account-password', password);
  await page.click('#account-submit');
  await signedIn(page, shown);
}

async function say(page, text) {
  await page.fill('#input', text);
  await page.press('#input', 'Enter');
}

async function waitForLine(page, line) {
  await page.waitForFunction((l) => [...document.querySelectorAll('#logs > ol:first-child li.said')]
    .some((li) => `${li.querySelector('.name').textContent}: ${li.querySelector('.text').textContent}` === l),
  line, { timeout: WAIT });
}

let failed = false;
try {
  const desktop = { viewport: { width: 1200, height: 760 }, locale: 'en-US', reducedMotion: 'reduce' };
  const a = await (await browser.newContext(desktop)).newPage();
  a.on('pageerror', (e) => step('pageerror', { message: String(e) }));
  await a.goto(url);
  await a.waitForSelector('#login:not([hidden])', { timeout: WAIT });
  if (process.env.SORI_FORM_SCREENSHOT) {
    await a.screenshot({ path: process.env.SORI_FORM_SCREENSHOT });
  }
  const autocomplete = {
    signIn: await a.getAttribute('#account-password', 'autocomplete'),
    labelled: await a.$$eval('#account-form input', (inputs) => inputs.every((i) => i.labels.length === 1)),
  };
  await a.click('#account-mode');
  autocomplete.register = await a.getAttribute('#account-password', 'autocomplete');
  await account(a, 'mina', true);
  step('registered');
  const result = { autocomplete };
  const cookies = await a.context().cookies();
  result.cookie = cookies.filter((c) => c.name === 'sori_session')
    .map((c) => ({ httpOnly: c.httpOnly, sameSite: c.sameSite, path: c.path, secure: c.secure }))[0] ?? null;
  result.scriptSeesCookie = await a.evaluate(() => document.cookie.includes('sori_session'));

  if (mode === 'reload') {
    await say(a, 'before the reload');
    await waitForLine(a, 'mina: before the reload');
    await a.addInitScript(WATCH_FORMS);
    await a.reload();
    await signedIn(a, 'mina');
    await waitForLine(a, 'mina: before the reload');
    result.formShownOnReload = await a.evaluate(() => window.__formShown);
    step('reloaded');
    await say(a, 'after the reload');
    await waitForLine(a, 'mina: after the reload');
    result.lines = await lobbyLines(a);
    if (process.env.SORI_SCREENSHOT) {
      await a.screenshot({ path: process.env.SORI_SCREENSHOT });
    }
    await a.click('#sign-out');
    await a.waitForSelector('#login:not([hidden])', { timeout: WAIT });
    await a.waitForFunction(() => document.getElementById('login-status').textContent === '', null, { timeout: WAIT });
    result.cookieAfterSignOut = (await a.context().cookies()).some((c) => c.name === 'sori_session');
    step('signed-out');
    await account(a, 'MINA', false, 'mina'); // any case: the account's own spelling comes back
    result.signedInAgainAs = await a.textContent('#me');
    step('signed-in');
  } else {
    // The first browser is in two rooms and talks in the lobby: the second must arrive in both.
    await say(a, '/join dev');
    await a.waitForFunction(() => document.querySelectorAll('#rooms button').length === 2, null, { timeout: WAIT });
    await a.click('#rooms li:first-child button');
    await a.waitForSelector('#rooms li:first-child button[aria-current="true"]', { timeout: WAIT });
    const b = await (await browser.newContext(desktop)).newPage();
    b.on('pageerror', (e) => step('pageerror', { message: String(e) }));
    await b.goto(url);
    try {
      await account(b, 'mina', false);
    } catch (e) {
      step('second-refused', { error: await b.textContent('#name-error') });
      throw e;
    }
    await b.waitForFunction(() => document.querySelectorAll('#rooms button').length === 2, null, { timeout: WAIT });
    result.secondRooms = await b.$$eval('#rooms button', (bs) => bs.map((x) => x.firstChild.textContent));
    result.secondFormShown = !(await b.isHidden('#login'));
    await b.click('#rooms li:first-child button');
    await b.waitForSelector('#rooms li:first-child button[aria-current="true"]', { timeout: WAIT });
    step('both');
    await say(a, 'from the first browser');
    // Two connections: the second line is said once the first is in, or the server may take them either way.
    await waitForLine(a, 'mina: from the first browser');
    await say(b, 'from the second browser');
    for (const page of [a, b]) {
      await waitForLine(page, 'mina: from the first browser');
      await waitForLine(page, 'mina: from the second browser');
    }
    result.first = await lobbyLines(a);
    result.second = await lobbyLines(b);
  }
  console.log(JSON.stringify({ result }));
} catch (e) {
  failed = true;
  step('failed', { message: String(e) });
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
