// The tools of the journeys: the browser, sign-in through the provider's form, the watch on every
// page (console errors, CSP violations, 5xx), axe-core, keyboard-only forms and screenshots.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const base = process.env.APP_URL;
const out = process.env.E2E_OUT || '/tmp/rediflow-e2e';
const shots = process.env.E2E_SCREENSHOTS || out;
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const PASSWORD = 'test';

/** Everything that went wrong in the whole run; the run fails when it is not empty. */
export const problems = [];
let step = '';
export function setStep(name) {
  step = name;
  console.log(`--- ${name}`);
}
export function fail(message) {
  problems.push(`[${step}] ${message}`);
  console.log(`    FAIL ${message}`);
}
export function check(condition, message) {
  if (condition) console.log(`    ok   ${message}`);
  else fail(message);
  return condition;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Reported by the page itself: a CSP violation fires `securitypolicyviolation` on the document.
// Init scripts run outside the page's CSP, so this one is never blocked itself.
const cspWatch = `document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.documentURI);
});`;

/** A browser context (own cookies: one person) whose pages are all watched. */
export async function newPerson(browser, who, viewport = DESKTOP, locale = 'en-US') {
  // The locale is the browser's language: its Accept-Language chooses the pages' language.
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale });
  await context.addInitScript(cspWatch);
  const page = await context.newPage();
  watch(page, who);
  return { context, page, who };
}

/** Statuses a journey asks for on purpose (a 403 or 404 page) are not console errors. */
const expected = new WeakMap();
export function expectStatus(page, status) {
  expected.set(page, status);
}

function watch(page, who) {
  page.on('console', (msg) => {
    const text = msg.text();
    const wanted = expected.get(page);
    if (wanted && text.includes(`status of ${wanted}`)) return;
    if (msg.type() === 'error' || /Content.Security.Policy/i.test(text)) {
      fail(`${who}: console ${msg.type()} on ${page.url()}: ${text}`);
    }
  });
  page.on('pageerror', (err) => fail(`${who}: page error on ${page.url()}: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 500) fail(`${who}: HTTP ${res.status()} for ${res.request().method()} ${res.url()}`);
  });
}

/** Signs WHO in from the app's start page through the provider's form, like a person. */
export async function signIn(person, { keyboard = false } = {}) {
  const { page, who: username } = person;
  await page.goto(`${base}/`);
  check(page.url().includes('/application/o/rediflow/') || page.url().includes('/interaction/'),
    `${username}: / sends the browser to the provider's sign-in (${new URL(page.url()).pathname})`);
  if (keyboard) {
    // Keyboard only: the username field has the focus, Tab leads to the password, Enter submits.
    // The browser focuses an autofocus field in a rendering step after `load`: wait for it (a
    // loaded machine took longer than one check once).
    const focused = await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'username', null, { timeout: 5000 })
      .then(() => true, () => false);
    check(focused, 'the sign-in form starts in the username field');
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'password'), 'Tab moves to the password');
    await page.keyboard.type(PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(base), { timeout: 15000 }),
      page.keyboard.press('Enter'),
    ]);
  } else {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.waitForURL((url) => url.href.startsWith(base), { timeout: 15000 });
  await page.waitForLoadState('load');
}

/** Opens PATH and returns the response; the status is checked unless told otherwise. */
export async function open(page, pathname, status = 200) {
  if (status !== 200) expectStatus(page, status);
  const response = await page.goto(base + pathname, { waitUntil: 'load' });
  check(response && response.status() === status,
    `GET ${pathname} → ${response ? response.status() : 'no response'}${status !== 200 ? ` (expected ${status})` : ''}`);
  expectStatus(page, null);
  return response;
}

export async function mainText(page) {
  return page.locator('main').innerText();
}

/** axe-core on the current page: serious and critical violations are failures. The source is
 *  evaluated through the DevTools protocol, which the page's CSP does not apply to. */
export async function axe(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')), count: v.nodes.length,
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) fail(`axe ${v.impact} on ${label}: ${v.id} (${v.help}) ×${v.count}: ${v.nodes.join(' | ')}`);
  return bad.length === 0;
}

/** Keyboard only: from the top of the page, Tab must reach every field and button of FORM
 *  (a selector) in document order, each with a visible focus indicator. */
export async function keyboardForm(page, formSelector, label) {
  const count = await page.evaluate((sel) => {
    const form = document.querySelector(sel);
    if (!form) return -1;
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const seenRadio = new Set();
    const items = [...form.elements].filter((el) => {
      if (el.disabled || el.type === 'hidden' || el.tabIndex < 0 || !visible(el) || el.tagName === 'FIELDSET' || el.tagName === 'OUTPUT') return false;
      if (el.type === 'radio') {
        if (seenRadio.has(el.name)) return false;
        seenRadio.add(el.name);
      }
      return true;
    });
    items.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    document.querySelectorAll('[data-e2e-kbd]').forEach((el) => el.removeAttribute('data-e2e-kbd'));
    items.forEach((el, i) => el.setAttribute('data-e2e-kbd', String(i)));
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    window.scrollTo(0, 0);
    return items.length;
  }, formSelector);
  if (count <= 0) {
    fail(`keyboard on ${label}: form ${formSelector} ${count < 0 ? 'not found' : 'has no fields'}`);
    return false;
  }
  let next = 0;
  const limit = count * 3 + 120;
  for (let i = 0; i < limit && next < count; i++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || !el.hasAttribute('data-e2e-kbd')) return null;
      const style = getComputedStyle(el);
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      return { index: Number(el.getAttribute('data-e2e-kbd')), ring, visible: el.matches(':focus-visible'), name: el.name || el.textContent.trim().slice(0, 30) };
    });
    if (!state) continue;
    if (state.index < next) continue; // the same field again (e.g. the month and year of a month input)
    if (state.index > next) {
      fail(`keyboard on ${label}: Tab skipped field ${next} of ${count} and reached ${state.index} (${state.name})`);
      return false;
    }
    if (!state.ring || !state.visible) {
      fail(`keyboard on ${label}: no visible focus on field ${next} (${state.name})`);
      return false;
    }
    next += 1;
  }
  return check(next === count, `keyboard on ${label}: Tab reaches all ${count} fields of ${formSelector} in order, focus visible`);
}

/** The page at its width, at most three screens long (a full-page picture of a long grid would
 *  weigh megabytes). */
export async function screenshot(page, name) {
  const size = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const file = path.join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: size.width, height: Math.min(height, size.height * 3) } });
  return path.basename(file);
}

export async function failureShot(page, name) {
  try {
    await page.screenshot({ path: path.join(out, `failure-${name}.png`), fullPage: true });
  } catch {
    // The page may be gone; the failure itself is already recorded.
  }
}

/** Signs out with the header's button and confirms at the provider; ends on the app's
 *  signed-out page. */
export async function signOut(page, label = 'Sign out') {
  await Promise.all([
    page.waitForURL((url) => url.pathname.includes('/session/end'), { timeout: 15000 }),
    page.getByRole('button', { name: label }).click(),
  ]);
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(`${base}/logout`), { timeout: 15000 }),
    page.getByRole('button', { name: 'Yes, sign me out' }).click(),
  ]);
  await page.waitForLoadState('load');
}
