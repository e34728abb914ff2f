// Browser end-to-end and accessibility tests for opengov.
//
// Starts `$OPENGOV_BIN demo` on a free loopback port with a fresh data directory, drives
// Debian's Chromium through playwright-core (no browser download), takes screenshots and
// runs axe-core (WCAG 2.0/2.1/2.2 A and AA) on every page in Kazakh, Russian and English.
//
//   cd e2e && npm ci && OPENGOV_BIN=../target/debug/opengov node --test run.mjs
//
// Environment:
//   OPENGOV_BIN             server binary (required)
//   OPENGOV_SCREENSHOT_DIR  where screenshots and reports go (default ../target/e2e-screenshots)
//   CHROMIUM_PATH           browser binary (default /usr/bin/chromium)
//   OPENGOV_ADMIN_EMAIL / OPENGOV_ADMIN_PASSWORD   demo administrator (defaults below)
//   OPENGOV_E2E_KEEP_DATA=1 keep the server's temporary data directory

import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const AXE_PATH = path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOT_DIR = path.resolve(
  process.env.OPENGOV_SCREENSHOT_DIR || path.join(HERE, '..', 'target', 'e2e-screenshots'),
);
const ADMIN_EMAIL = process.env.OPENGOV_ADMIN_EMAIL || 'admin@demo.opengov.kz';
const ADMIN_PASSWORD = process.env.OPENGOV_ADMIN_PASSWORD || 'demo-opengov-2026';

const LANGS = ['kk', 'ru', 'en'];
const PUBLIC_PATHS = [
  '/',
  '/bodies',
  '/audit',
  '/account/signin',
  '/account/signup',
  '/account/reset',
  '/api/docs',
  '/calendar',
  '/appeals',
  '/appeals/new',
  '/appeals/stats',
  '/appeals/stats/mf',
  '/appeals/public',
  '/data',
  '/data/licences',
  '/data/compliance',
  '/data/compliance/mf',
];
// Pages that answer with an error status on purpose: they must be as accessible as the rest.
const ERROR_PATHS = [
  ['/no-such-page', 404],
  ['/account/reset/confirm?token=expired', 400],
];
const ADMIN_PATHS = [
  '/admin',
  '/admin/outbox',
  '/admin/users',
  '/admin/users/1',
  '/admin/jobs',
  '/admin/bodies',
  '/admin/bodies/new',
  '/admin/bodies/2/edit',
  '/admin/bodies/2/officials',
  '/admin/calendar',
  '/account',
];

const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 900 };
const NAV_TIMEOUT = 30_000;
const ACTION_TIMEOUT = 15_000;
const HEALTH_TIMEOUT = 120_000;
const OUTBOX_TIMEOUT = 60_000;
const AXE_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  resultTypes: ['violations'],
};
const CONFIRM_LINK = /\/account\/confirm\?token=[0-9a-f]+/;

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

// ---------------------------------------------------------------------------------------------
// Server process

/** @type {import('node:child_process').ChildProcess | null} */
let server = null;
let serverExited = null; // { code, signal } once it has exited
let serverLog = '';
let dataDir = null;
let baseUrl = null;
/** @type {import('playwright-core').Browser | null} */
let browser = null;
let anyFailure = false;

function appendLog(chunk) {
  serverLog += chunk.toString();
  // Keep the tail only; a chatty server must not eat the test's memory.
  if (serverLog.length > 2_000_000) serverLog = serverLog.slice(-1_000_000);
}

function serverOutput() {
  return `----- opengov server output (${dataDir}) -----\n${serverLog.slice(-60_000)}\n----- end of server output -----`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealthy(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt yet';
  while (Date.now() < deadline) {
    if (serverExited) {
      throw new Error(
        `opengov exited before becoming healthy (code ${serverExited.code}, signal ${serverExited.signal})\n${serverOutput()}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
      await res.arrayBuffer().catch(() => {});
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err?.cause?.code || err?.message || String(err);
    }
    await sleep(250);
  }
  throw new Error(
    `GET ${url} did not return 200 within ${timeoutMs / 1000} s (last: ${last})\n${serverOutput()}`,
  );
}

function killServerSync() {
  if (server && !serverExited) {
    try {
      server.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', killServerSync);

async function stopServer() {
  if (!server || serverExited) return;
  const exited = once(server, 'exit').catch(() => {});
  server.kill('SIGTERM');
  const timer = sleep(10_000).then(() => 'timeout');
  if ((await Promise.race([exited, timer])) === 'timeout') {
    console.error('opengov did not stop within 10 s of SIGTERM; sending SIGKILL');
    server.kill('SIGKILL');
    await exited;
  }
}

let serverBin = null;
let serverPort = null;

/** Starts `opengov demo` on the test's port and data directory, with extra environment. */
async function startServer(extraEnv = {}) {
  const args = ['demo', '--bind', `127.0.0.1:${serverPort}`, '--data-dir', dataDir];
  console.log(`starting ${serverBin} ${args.join(' ')} ${JSON.stringify(extraEnv)}`);
  serverExited = null;
  // The demo's big table is kept small here (the debug build loads it while the tests run), and
  // two workers load the tests' own uploads next to the demo's tables.
  const env = { OPENGOV_DEMO_TABLE_ROWS: '5000', OPENGOV_WORKERS: '2', ...process.env, ...extraEnv };
  server = spawn(serverBin, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  server.stdout.on('data', appendLog);
  server.stderr.on('data', appendLog);
  server.on('error', (err) => {
    appendLog(`\n[spawn error] ${err.message}\n`);
    serverExited ??= { code: null, signal: null, error: err };
  });
  server.on('exit', (code, signal) => {
    serverExited = { code, signal };
  });
  await waitForHealthy(`${baseUrl}/healthz`, HEALTH_TIMEOUT);
  console.log(`opengov is healthy at ${baseUrl}`);
}

before(async () => {
  const bin = process.env.OPENGOV_BIN;
  if (!bin) {
    throw new Error(
      'OPENGOV_BIN is not set. Build the server and run e.g. OPENGOV_BIN=../target/debug/opengov node --test run.mjs',
    );
  }
  const binPath = path.resolve(bin);
  try {
    fs.accessSync(binPath, fs.constants.X_OK);
  } catch {
    throw new Error(`OPENGOV_BIN=${bin} (${binPath}) does not exist or is not executable`);
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  if (!fs.existsSync(AXE_PATH)) {
    throw new Error(`${AXE_PATH} is missing: run npm ci in ${HERE}`);
  }
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opengov-e2e-'));
  serverBin = binPath;
  serverPort = port;
  await startServer();

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: LAUNCH_ARGS,
    timeout: 60_000,
  });
});

after(async () => {
  try {
    if (browser) await browser.close().catch(() => {});
  } finally {
    await stopServer();
    try {
      fs.writeFileSync(path.join(SCREENSHOT_DIR, 'server.log'), serverLog);
    } catch {
      // the directory may not exist when setup failed early
    }
    if (anyFailure || (serverExited && serverExited.code !== 0 && serverExited.signal !== 'SIGTERM')) {
      console.error(serverOutput());
    }
    if (dataDir && process.env.OPENGOV_E2E_KEEP_DATA !== '1') {
      fs.rmSync(dataDir, { recursive: true, force: true });
    } else if (dataDir) {
      console.log(`kept data directory ${dataDir}`);
    }
    console.log(`screenshots in ${SCREENSHOT_DIR}`);
  }
});

/** Marks a failure so that the server's output is printed at the end. */
async function tracked(fn) {
  try {
    await fn();
  } catch (err) {
    anyFailure = true;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Browser helpers

/** `path` with `lang` set in its query (added with `?` or `&`, replacing an existing one). */
function withLang(p, lang) {
  const url = new URL(p, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}${url.hash}`;
}

function abs(p) {
  return new URL(p, baseUrl).href;
}

function slug(p) {
  const s = p
    .replace(/^\/+|\/+$/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'home';
}

/**
 * Console errors and uncaught exceptions, reported as warnings (not failures): message -> pages.
 * They show, for example, what the site's CSP blocked or which resource answered 404.
 */
const pageWarnings = new Map();

function warn(who, page, message, where) {
  let pagePath = '';
  try {
    const u = new URL(page.url());
    pagePath = `${u.pathname}${u.search}`;
  } catch {
    pagePath = page.url();
  }
  const key = `[${who}] ${message.replace(/\s+/g, ' ').slice(0, 300)}${where ? ` (${where})` : ''}`;
  if (!pageWarnings.has(key)) pageWarnings.set(key, new Set());
  pageWarnings.get(key).add(pagePath);
}

function printWarnings() {
  if (pageWarnings.size === 0) return;
  const lines = ['browser console errors (warnings, not failures):'];
  for (const [message, pages] of pageWarnings) {
    const list = [...pages];
    const shown = list.slice(0, 4).join(', ') + (list.length > 4 ? `, … (${list.length} pages)` : '');
    lines.push(`  - ${message}\n      on ${shown}`);
  }
  console.log(lines.join('\n'));
  pageWarnings.clear();
}

/** Pages into which this script tried to inject axe since their last navigation. */
const injected = new WeakSet();

function watchPage(page, who) {
  page.setDefaultNavigationTimeout(NAV_TIMEOUT);
  page.setDefaultTimeout(ACTION_TIMEOUT);
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) injected.delete(page);
  });
  page.on('pageerror', (err) => warn(who, page, `uncaught ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // The CSP refusing our own axe injection is expected, not the site's fault.
    if (injected.has(page) && /Content Security Policy/.test(msg.text()) && /inline script/i.test(msg.text())) return;
    const where = msg.location()?.url;
    warn(who, page, msg.text(), where && where !== page.url() ? where : '');
  });
  return page;
}

async function newSession(who, lang = 'en', extra = {}) {
  const context = await browser.newContext({
    viewport: WIDE,
    locale: { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-US' }[lang],
    ...extra,
  });
  const page = watchPage(await context.newPage(), who);
  return { who, context, page, axePage: null };
}

async function closeSession(session) {
  if (!session) return;
  await session.context.close().catch(() => {});
  if (session.axePage) await session.axePage.context().close().catch(() => {});
}

async function shot(page, name) {
  const file = path.join(SCREENSHOT_DIR, name);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', timeout: 30_000 });
  return file;
}

async function htmlLang(page) {
  return page.evaluate(() => document.documentElement.lang);
}

/** Clicks `locator` and waits for the navigation it starts; returns the final response. */
async function clickAndWait(page, locator, what) {
  const nav = page.waitForNavigation({ timeout: NAV_TIMEOUT, waitUntil: 'load' });
  try {
    await locator.click({ timeout: ACTION_TIMEOUT });
  } catch (err) {
    nav.catch(() => {});
    throw new Error(`${what}: could not click: ${err.message}`);
  }
  try {
    return await nav;
  } catch (err) {
    throw new Error(`${what}: no navigation after the click (${err.message}); page is ${page.url()}`);
  }
}

/** Fills the form control named `name` inside `form`, after checking that it is labelled. */
async function fillNamed(form, name, value) {
  const control = form.locator(`[name="${name}"]`);
  const count = await control.count();
  assert.ok(count >= 1, `the form has no control named "${name}"`);
  const label = await control.first().evaluate((el) => {
    const byLabel = el.labels ? [...el.labels].map((l) => l.textContent.trim()).filter(Boolean) : [];
    if (byLabel.length) return byLabel.join(' ');
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const byIds = ids.map((id) => document.getElementById(id)?.textContent.trim()).filter(Boolean);
    return byIds.join(' ') || el.getAttribute('aria-label') || '';
  });
  assert.ok(label, `the control named "${name}" has no label`);
  await control.first().fill(value);
}

/** Text of any error/alert shown on the page, for failure messages. */
async function alertsText(page) {
  return page
    .evaluate(() =>
      [...document.querySelectorAll('[role=alert], .error, .errors, [aria-invalid=true]')]
        .map((el) => (el.textContent || el.getAttribute('name') || '').trim().replace(/\s+/g, ' '))
        .filter(Boolean)
        .join(' | '),
    )
    .catch(() => '');
}

async function mainText(page) {
  return page
    .evaluate(() => (document.querySelector('main') || document.body)?.innerText ?? '')
    .then((t) => t.replace(/\s+/g, ' ').slice(0, 1500))
    .catch(() => '');
}

async function signIn(page, email, password, lang = 'en') {
  const resp = await page.goto(abs(withLang('/account/signin', lang)));
  assert.equal(resp?.status(), 200, `GET /account/signin returned ${resp?.status()}`);
  const form = page.locator('main form').filter({ has: page.locator('[name="password"]') }).first();
  await fillNamed(form, 'email', email);
  await fillNamed(form, 'password', password);
  const after = await clickAndWait(page, form.locator('button[type=submit]').first(), `sign in as ${email}`);
  const signedIn = await page
    .locator('form[action="/account/signout"]')
    .first()
    .waitFor({ state: 'attached', timeout: 10_000 })
    .then(() => true)
    .catch(() => false);
  assert.ok(
    signedIn,
    `signing in as ${email} failed: HTTP ${after?.status()} at ${page.url()}; ` +
      `no sign-out form on the page; alerts: "${await alertsText(page)}"; main: "${await mainText(page)}"`,
  );
  return after;
}

// ---------------------------------------------------------------------------------------------
// Accessibility checks

/** How axe gets into pages: unknown until tried, then 'inject' or 'bypass' (CSP blocks it). */
let axeMode = 'unknown';

async function axeIn(page) {
  injected.add(page);
  await page.addScriptTag({ path: AXE_PATH });
  const loaded = await page.evaluate(() => typeof window.axe?.run === 'function');
  if (!loaded) throw new Error('window.axe is not defined after addScriptTag');
}

async function runAxeOn(page) {
  return page.evaluate(async (options) => {
    const result = await window.axe.run(document, options);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
    }));
  }, AXE_OPTIONS);
}

/**
 * Runs axe on the page at `url` in `session`. Tries the page itself first; when the site's CSP
 * blocks the injected script, uses a second context of the same session with `bypassCSP: true`.
 */
async function axeCheck(session, url, expected = 200) {
  if (axeMode !== 'bypass') {
    try {
      await axeIn(session.page);
      axeMode = 'inject';
      return await runAxeOn(session.page);
    } catch (err) {
      if (axeMode === 'inject' && !/Content Security Policy|CSP|axe is not defined/i.test(err.message)) {
        throw err;
      }
      console.log(`axe could not be injected under the site's CSP (${err.message.split('\n')[0]}); using bypassCSP for axe`);
      axeMode = 'bypass';
    }
  }
  if (!session.axePage) {
    const storageState = await session.context.storageState();
    const ctx = await browser.newContext({ viewport: WIDE, bypassCSP: true, storageState });
    session.axePage = watchPage(await ctx.newPage(), `${session.who}/axe`);
  }
  const resp = await session.axePage.goto(url);
  if (resp?.status() !== expected) throw new Error(`axe context: GET ${url} returned ${resp?.status()}`);
  await axeIn(session.axePage);
  return runAxeOn(session.axePage);
}

/** Collects every problem over all pages, so that one run shows everything. */
class Findings {
  problems = [];
  violations = [];
  add(label, message) {
    this.problems.push(`${label}: ${message}`);
    console.log(`FAIL ${label}: ${message}`);
  }
  addViolations(label, list) {
    for (const v of list) this.violations.push({ page: label, ...v });
  }
  report() {
    const lines = [];
    if (this.problems.length) {
      lines.push(`${this.problems.length} page problem(s):`, ...this.problems.map((p) => `  - ${p}`));
    }
    if (this.violations.length) {
      const byRule = new Map();
      for (const v of this.violations) byRule.set(v.id, (byRule.get(v.id) ?? 0) + 1);
      lines.push(
        `axe rules violated: ${[...byRule].map(([id, n]) => `${id} (${n} page${n > 1 ? 's' : ''})`).join(', ')}`,
      );
      lines.push(`${this.violations.length} axe violation(s), by page:`);
      for (const v of this.violations) {
        lines.push(`  - ${v.page}: [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
        for (const n of v.nodes) lines.push(`      at ${n.target.map((t) => JSON.stringify(t)).join(' > ')}`);
      }
    }
    return lines.join('\n');
  }
  get empty() {
    return this.problems.length === 0 && this.violations.length === 0;
  }
}

/** Status, lang, screenshots at 1280 and 320 px, horizontal scrolling and axe for one page. */
async function checkPage(session, p, lang, findings, expected = 200) {
  const target = withLang(p, lang);
  const label = `${target} [${session.who}]`;
  const name = slug(p);
  const { page } = session;
  await page.setViewportSize(WIDE);
  let resp;
  try {
    resp = await page.goto(abs(target), { waitUntil: 'load' });
  } catch (err) {
    findings.add(label, `navigation failed: ${err.message.split('\n')[0]}`);
    return;
  }
  const status = resp?.status();
  if (status !== expected) findings.add(label, `HTTP ${status}, expected ${expected}`);
  const finalPath = new URL(page.url()).pathname;
  const wantedPath = new URL(target, 'http://x').pathname;
  if (finalPath !== wantedPath) findings.add(label, `redirected to ${page.url()}`);
  const actualLang = await htmlLang(page);
  if (actualLang !== lang) findings.add(label, `<html lang="${actualLang}">, expected "${lang}"`);
  await page.evaluate(() => document.fonts?.ready).catch(() => {});

  try {
    await shot(page, `${name}-${lang}.png`);
  } catch (err) {
    findings.add(label, `screenshot failed: ${err.message.split('\n')[0]}`);
  }

  if (status === expected) {
    try {
      const violations = await axeCheck(session, abs(target), expected);
      findings.addViolations(label, violations);
      console.log(`${label}: ${violations.length} axe violation(s)`);
    } catch (err) {
      findings.add(label, `axe failed to run: ${err.message.split('\n')[0]}`);
    }
  }

  try {
    await page.setViewportSize(NARROW);
    const { scrollWidth, widest } = await page.evaluate(() => {
      const doc = document.documentElement;
      // Name the element sticking out furthest, to make a failure actionable.
      let widest = null;
      let right = 0;
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > right + 0.5) {
          right = r.right;
          const cls = typeof el.className === 'string' && el.className.trim()
            ? `.${el.className.trim().split(/\s+/).join('.')}`
            : '';
          widest = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} (right edge ${Math.round(r.right)} px)`;
        }
      }
      return { scrollWidth: doc.scrollWidth, widest };
    });
    if (scrollWidth > NARROW.width + 1) {
      findings.add(label, `scrolls horizontally at 320 px: scrollWidth ${scrollWidth}; widest element ${widest}`);
    }
    await shot(page, `${name}-${lang}-320.png`);
  } catch (err) {
    findings.add(label, `320 px check failed: ${err.message.split('\n')[0]}`);
  } finally {
    await page.setViewportSize(WIDE).catch(() => {});
  }
}

function finish(findings, what) {
  const text = findings.report();
  const file = path.join(SCREENSHOT_DIR, `${what}-report.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({ problems: findings.problems, violations: findings.violations }, null, 2),
  );
  printWarnings();
  assert.ok(findings.empty, `${what}:\n${text}\n(report: ${file}; screenshots: ${SCREENSHOT_DIR})`);
}

// ---------------------------------------------------------------------------------------------
// Tests

test('every page in every language is accessible', { timeout: 20 * 60_000 }, () =>
  tracked(async () => {
    const findings = new Findings();
    let anon = null;
    let admin = null;
    try {
      anon = await newSession('anonymous');
      const paths = [...PUBLIC_PATHS];
      const resp = await anon.page.goto(abs(withLang('/bodies', 'en')));
      const href = await anon.page
        .locator('main a[href^="/bodies/"]')
        .first()
        .getAttribute('href', { timeout: 5_000 })
        .catch(() => null);
      if (href) {
        paths.push(href);
        console.log(`first body page: ${href}`);
      } else {
        findings.add('/bodies?lang=en', `no main a[href^="/bodies/"] link found (HTTP ${resp?.status()})`);
      }
      for (const p of paths) {
        for (const lang of LANGS) await checkPage(anon, p, lang, findings);
      }
      for (const [p, status] of ERROR_PATHS) {
        for (const lang of LANGS) await checkPage(anon, p, lang, findings, status);
      }

      admin = await newSession('admin');
      let adminOk = false;
      try {
        await signIn(admin.page, ADMIN_EMAIL, ADMIN_PASSWORD);
        adminOk = true;
      } catch (err) {
        findings.add('admin sign-in', err.message);
      }
      if (adminOk) {
        for (const p of ADMIN_PATHS) {
          for (const lang of LANGS) await checkPage(admin, p, lang, findings);
        }
      }
    } finally {
      await closeSession(anon);
      await closeSession(admin);
    }
    finish(findings, 'accessibility');
  }),
);

test('a citizen signs up, confirms through the outbox, signs in and switches language', { timeout: 10 * 60_000 }, () =>
  tracked(async () => {
    const stamp = `${Date.now()}-${process.pid}`;
    const email = `e2e-${stamp}@example.org`;
    const displayName = `Әлия E2E ${stamp.slice(-6)}`;
    const password = 'Orange-Steppe-2026!';
    let citizen = null;
    let admin = null;
    let step = 0;
    const snap = async (page, what) => shot(page, `flow-${String(++step).padStart(2, '0')}-${what}.png`);
    try {
      citizen = await newSession('citizen', 'en');
      const { page } = citizen;

      // 1. Sign up.
      let resp = await page.goto(abs('/account/signup?lang=en'));
      assert.equal(resp?.status(), 200, `GET /account/signup?lang=en returned ${resp?.status()}`);
      const signup = page.locator('main form').filter({ has: page.locator('[name="password_confirm"]') }).first();
      await fillNamed(signup, 'display_name', displayName);
      await fillNamed(signup, 'email', email);
      await fillNamed(signup, 'password', password);
      await fillNamed(signup, 'password_confirm', password);
      // Any required checkbox (such as accepting the terms) must be ticked to sign up.
      for (const box of await signup.locator('input[type=checkbox][required]').all()) await box.check();
      await snap(page, 'signup-filled');
      resp = await clickAndWait(page, signup.locator('button[type=submit]').first(), 'submit sign-up');
      await snap(page, 'signup-submitted');
      assert.equal(
        resp?.status(),
        200,
        `sign-up answered HTTP ${resp?.status()} at ${page.url()}; alerts: "${await alertsText(page)}"`,
      );
      const told = await page.evaluate(
        (addr) =>
          location.href.includes(encodeURIComponent(addr)) ||
          location.href.includes(addr) ||
          (document.querySelector('main')?.textContent ?? '').includes(addr) ||
          !!document.querySelector('[role=status], .notice'),
        email,
      );
      const signupAlerts = await alertsText(page);
      assert.ok(
        told && !signupAlerts,
        `after sign-up the page shows errors or neither names ${email} nor shows a [role=status]/.notice message; ` +
          `url ${page.url()}; alerts: "${signupAlerts}"; main: "${await mainText(page)}"`,
      );

      // 2. The administrator finds the confirmation message in the outbox.
      admin = await newSession('admin', 'en');
      await signIn(admin.page, ADMIN_EMAIL, ADMIN_PASSWORD);
      const link = await findConfirmLink(admin.page, email);
      await snap(admin.page, 'admin-outbox');
      console.log(`confirmation link: ${link}`);

      // 3. The citizen opens the link.
      resp = await page.goto(abs(link));
      assert.equal(resp?.status(), 200, `GET ${link} returned ${resp?.status()}`);
      const statusLoc = page.locator('[role=status], .notice');
      if ((await statusLoc.count()) === 0) {
        // A confirmation page may ask for a click, so that mail scanners do not confirm by fetching.
        const confirmButton = page.locator('main form button[type=submit]').first();
        if ((await confirmButton.count()) > 0) {
          await snap(page, 'confirm-page');
          resp = await clickAndWait(page, confirmButton, 'confirm the address');
          assert.equal(resp?.status(), 200, `confirming answered HTTP ${resp?.status()} at ${page.url()}`);
        }
      }
      await snap(page, 'confirmed');
      const confirmed = await statusLoc.first().waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
      const alerts = await alertsText(page);
      assert.ok(
        confirmed && !alerts,
        `no success message after opening the confirmation link ${link}: url ${page.url()}; ` +
          `alerts: "${alerts}"; main: "${await mainText(page)}"`,
      );

      // 4. The citizen signs in and sees their name.
      await signIn(page, email, password);
      await snap(page, 'citizen-signed-in');
      const header = page.locator('header').first();
      await assertHeaderHas(header, displayName, 'after the citizen signed in');
      // The account page says the address is confirmed.
      resp = await page.goto(abs('/account?lang=en'));
      assert.equal(resp?.status(), 200, `GET /account returned ${resp?.status()}`);
      const confirmedBadge = await page.locator('main .badge.ok').count();
      assert.ok(confirmedBadge > 0, `the account page does not show the address as confirmed: "${await mainText(page)}"`);
      await snap(page, 'citizen-account');

      // 5. Language switching keeps the citizen signed in.
      for (const lang of ['kk', 'ru']) {
        const switcher = page.locator(`header a[hreflang="${lang}"]`).first();
        assert.ok((await switcher.count()) > 0, `no header a[hreflang="${lang}"] language link on ${page.url()}`);
        resp = await clickAndWait(page, switcher, `switch language to ${lang}`);
        assert.equal(resp?.status(), 200, `switching to ${lang} answered HTTP ${resp?.status()} at ${page.url()}`);
        assert.equal(await htmlLang(page), lang, `html[lang] after switching to ${lang} (url ${page.url()})`);
        await snap(page, `citizen-lang-${lang}`);
        await assertHeaderHas(header, displayName, `after switching to ${lang}`);
      }

      // 6. Sign out.
      const signout = page.locator('form[action="/account/signout"] button').first();
      assert.ok((await signout.count()) > 0, `no form[action="/account/signout"] button on ${page.url()}`);
      resp = await clickAndWait(page, signout, 'sign out');
      await snap(page, 'signed-out');
      assert.equal(resp?.status(), 200, `signing out answered HTTP ${resp?.status()} at ${page.url()}`);
      const signinLink = page.locator('header a[href^="/account/signin"]').first();
      const shown = await signinLink.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
      assert.ok(shown, `after signing out the header has no visible a[href^="/account/signin"] (url ${page.url()})`);
      assert.equal(await page.locator('form[action="/account/signout"]').count(), 0, 'still a sign-out form after signing out');
    } finally {
      printWarnings();
      await closeSession(citizen);
      await closeSession(admin);
    }
  }),
);

async function assertHeaderHas(header, text, when) {
  const ok = await header
    .getByText(text, { exact: false })
    .first()
    .waitFor({ state: 'attached', timeout: 5_000 })
    .then(() => true, () => false);
  if (!ok) {
    const got = ((await header.innerText().catch(() => '')) || '').replace(/\s+/g, ' ');
    assert.fail(`the header does not show "${text}" ${when}; header text: "${got}"`);
  }
}

/**
 * Polls /admin/outbox until a message to `email` with a confirmation link appears (delivery may
 * go through a background job). Looks in the matching table rows first, then in pages that those
 * rows link to. Returns the link as a path and query on this server.
 */
async function findConfirmLink(page, email) {
  const deadline = Date.now() + OUTBOX_TIMEOUT;
  let lastState = '';
  for (;;) {
    const resp = await page.goto(abs('/admin/outbox?lang=en'));
    assert.equal(resp?.status(), 200, `GET /admin/outbox returned ${resp?.status()}`);
    const rows = page.locator('table tr').filter({ hasText: email });
    const found = [];
    const detailLinks = [];
    for (const row of await rows.all()) {
      const info = await row.evaluate((el) => ({
        html: el.outerHTML,
        text: el.innerText,
        when: el.querySelector('time[datetime]')?.getAttribute('datetime') ?? null,
        links: [...el.querySelectorAll('a[href]')].map((a) => a.href),
      }));
      const m = `${info.text}\n${info.html}`.match(CONFIRM_LINK);
      if (m) found.push({ link: m[0], when: info.when });
      else detailLinks.push(...info.links);
    }
    if (found.length) {
      // Newest first: by <time datetime> when every row has one, otherwise table order.
      if (found.length > 1 && found.every((f) => f.when)) found.sort((a, b) => Date.parse(b.when) - Date.parse(a.when));
      return found[0].link;
    }
    const detailPage = await page.context().newPage();
    watchPage(detailPage, 'admin/outbox-detail');
    try {
      for (const href of [...new Set(detailLinks)]) {
        const u = new URL(href);
        if (u.origin !== new URL(baseUrl).origin || CONFIRM_LINK.test(u.pathname)) continue;
        const r = await detailPage.goto(href).catch(() => null);
        if (r?.status() !== 200) continue;
        const m = `${await detailPage.innerText('body').catch(() => '')}\n${await detailPage.content()}`.match(CONFIRM_LINK);
        if (m) return m[0];
      }
    } finally {
      await detailPage.close().catch(() => {});
    }
    lastState = `${await rows.count()} row(s) mention ${email}; table text: "${(await page
      .locator('main')
      .innerText()
      .catch(() => '')).replace(/\s+/g, ' ').slice(0, 2000)}"`;
    if (Date.now() > deadline) {
      await shot(page, 'flow-outbox-timeout.png').catch(() => {});
      assert.fail(
        `no message to ${email} with a link matching ${CONFIRM_LINK} in /admin/outbox within ${OUTBOX_TIMEOUT / 1000} s; ${lastState}`,
      );
    }
    await sleep(1_000);
  }
}

// ---------------------------------------------------------------------------------------------
// Appeals: a citizen files in Kazakh with an attachment, the body answers in Kazakh, the citizen
// rates; with the clock moved past the due date, an unanswered appeal shows the overdue mark.

const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function axeAssert(session, url, label) {
  const violations = await axeCheck(session, url);
  assert.deepEqual(
    violations.map((v) => `${v.id}: ${v.help}`),
    [],
    `axe violations on ${label}`,
  );
}

async function fileAppeal(page, bodyId, subject, text, withFile) {
  let resp = await page.goto(abs(`/appeals/new?body=${bodyId}&lang=kk`));
  assert.equal(resp?.status(), 200, `GET /appeals/new?body=${bodyId} returned ${resp?.status()}`);
  const form = page.locator('main form[enctype="multipart/form-data"]');
  await form.locator('[name="kind"]').selectOption('complaint');
  await form.locator('[name="lang"]').selectOption('kk');
  await fillNamed(form, 'subject', subject);
  await fillNamed(form, 'text', text);
  await fillNamed(form, 'address', 'Астана, Бейбітшілік көшесі, 10');
  if (withFile) {
    await form.locator('input[type=file][name="files"]').setInputFiles({
      name: 'анықтама.pdf',
      mimeType: 'application/pdf',
      buffer: PDF_BYTES,
    });
  }
  resp = await clickAndWait(page, form.locator('button[type=submit]').first(), 'send the appeal');
  assert.equal(resp?.status(), 200, `filing answered HTTP ${resp?.status()}; alerts: "${await alertsText(page)}"`);
  assert.match(page.url(), /\/appeals\/[A-Z0-9_]+-\d{4}-\d{6}\/receipt$/, `not on a receipt: ${page.url()}`);
  const number = page.url().split('/appeals/')[1].split('/')[0];
  return number;
}

test('a citizen files an appeal in Kazakh with a file, the body answers in Kazakh, the citizen rates it; overdue shows when the clock passes the due date', { timeout: 10 * 60_000 }, () =>
  tracked(async () => {
    let citizen = null;
    let official = null;
    let step = 0;
    const snap = async (page, what) => shot(page, `appeal-${String(++step).padStart(2, '0')}-${what}.png`);
    try {
      const bodyResp = await fetch(abs('/api/v1/bodies/mf'));
      assert.equal(bodyResp.status, 200, 'the demo has the Ministry of Finance');
      const body = await bodyResp.json();
      const bodyId = body.id ?? body.body?.id;
      assert.ok(bodyId, `no id in ${JSON.stringify(body).slice(0, 200)}`);

      citizen = await newSession('citizen', 'kk');
      await signIn(citizen.page, 'citizen1@demo.opengov.kz', ADMIN_PASSWORD, 'kk');
      const number = await fileAppeal(
        citizen.page,
        bodyId,
        'Салық шегерімін қайта есептеу',
        'Өткен жылғы салық шегерімін қайта есептеуді сұраймын. Анықтама қоса беріледі.',
        true,
      );
      await snap(citizen.page, 'receipt-kk');
      assert.equal(await htmlLang(citizen.page), 'kk');
      const receipt = await mainText(citizen.page);
      assert.ok(receipt.includes(number), `the receipt names ${number}: ${receipt}`);
      await axeAssert(citizen, abs(`/appeals/${number}/receipt?lang=kk`), 'the receipt');
      await citizen.page.goto(abs(`/appeals/${number}?lang=kk`));
      assert.ok(
        (await citizen.page.locator(`a[href^="/appeals/${number}/files/"]`).count()) === 1,
        'the attachment is listed',
      );
      await axeAssert(citizen, abs(`/appeals/${number}?lang=kk`), 'the appeal page (applicant)');

      // The body's responder answers in Kazakh.
      official = await newSession('responder', 'kk');
      await signIn(official.page, 'responder.mf@demo.opengov.kz', ADMIN_PASSWORD, 'kk');
      let resp = await official.page.goto(abs(`/workspace/appeals?body=${bodyId}&lang=kk`));
      assert.equal(resp?.status(), 200, 'the workspace opens');
      assert.ok((await mainText(official.page)).includes(number), 'the new appeal is in the queue');
      await snap(official.page, 'workspace-kk');
      await axeAssert(official, abs(`/workspace/appeals?body=${bodyId}&lang=kk`), 'the workspace');
      await official.page.goto(abs(`/appeals/${number}?lang=kk`));
      await axeAssert(official, abs(`/appeals/${number}?lang=kk`), 'the appeal page (official)');
      const answer = official.page.locator(`main form[action="/appeals/${number}/answer"]`);
      await answer.locator('[name="outcome"]').selectOption('satisfied');
      await fillNamed(answer, 'text', 'Сіздің өтінішіңіз қаралды, салық шегерімі қайта есептелді.');
      resp = await clickAndWait(official.page, answer.locator('button[type=submit]'), 'send the answer');
      assert.equal(resp?.status(), 200, `answering answered HTTP ${resp?.status()}; alerts: "${await alertsText(official.page)}"`);
      await snap(official.page, 'answered-kk');

      // The citizen reads the answer and rates it.
      await citizen.page.goto(abs(`/appeals/${number}?lang=kk`));
      assert.ok(
        (await mainText(citizen.page)).includes('салық шегерімі қайта есептелді'),
        'the answer is shown to the applicant',
      );
      const rate = citizen.page.locator(`main form[action="/appeals/${number}/rate"]`);
      await rate.locator('input[name="rating"][value="5"]').check();
      resp = await clickAndWait(citizen.page, rate.locator('button[type=submit]'), 'send the rating');
      assert.equal(resp?.status(), 200);
      assert.ok(
        (await citizen.page.locator('[role=status]').count()) >= 1,
        `a confirmation is shown after rating; alerts: "${await alertsText(citizen.page)}"`,
      );
      await snap(citizen.page, 'rated-kk');

      // A second appeal stays unanswered; 40 days later it is overdue.
      const late = await fileAppeal(
        citizen.page,
        bodyId,
        'Жауапсыз қалған өтініш',
        'Бұл өтінішке жауап берілмейді, мерзімі өтіп кетеді.',
        false,
      );
      await citizen.page.goto(abs(`/appeals/${late}?lang=kk`));
      assert.equal(await citizen.page.locator('.overdue-mark').count(), 0, 'not overdue yet');
      await closeSession(citizen);
      await closeSession(official);
      citizen = null;
      official = null;
      await stopServer();
      await startServer({ OPENGOV_CLOCK_OFFSET_DAYS: '40' });
      citizen = await newSession('citizen', 'kk');
      await signIn(citizen.page, 'citizen1@demo.opengov.kz', ADMIN_PASSWORD, 'kk');
      await citizen.page.goto(abs(`/appeals/${late}?lang=kk`));
      assert.equal(await citizen.page.locator('.overdue-mark').count(), 1, 'the overdue mark appears');
      await citizen.page.goto(abs(`/appeals/${number}?lang=kk`));
      assert.equal(await citizen.page.locator('.overdue-mark').count(), 0, 'an answered appeal is never overdue');
      await citizen.page.goto(abs(`/appeals/mine?lang=kk`));
      await snap(citizen.page, 'mine-overdue-kk');
      await axeAssert(citizen, abs('/appeals/mine?lang=kk'), 'my appeals');
    } finally {
      await closeSession(citizen);
      await closeSession(official);
      if (serverExited) {
        await startServer();
      } else {
        await stopServer();
        await startServer();
      }
    }
  }),
);

// ---------------------------------------------------------------------------------------------
// Open data: a publisher creates a dataset in Russian and Kazakh, uploads a CSV, publishes it;
// a citizen finds it in the catalogue and downloads the file; every page on the way is checked
// with axe.

test('a publisher creates and publishes a dataset with a CSV; a citizen finds it by searching in Russian, filters its preview and downloads the file', { timeout: 10 * 60_000 }, () =>
  tracked(async () => {
    let publisher = null;
    let citizen = null;
    let step = 0;
    const snap = async (page, what) => shot(page, `data-${String(++step).padStart(2, '0')}-${what}.png`);
    const name = `e2e-budget-${Date.now() % 100000}`;
    try {
      publisher = await newSession('publisher', 'ru');
      await signIn(publisher.page, 'publisher.mf@demo.opengov.kz', ADMIN_PASSWORD, 'ru');
      let resp = await publisher.page.goto(abs('/data/new?lang=ru'));
      assert.equal(resp?.status(), 200, 'the new-dataset form opens for a publisher');
      await axeAssert(publisher, abs('/data/new?lang=ru'), 'the dataset form');
      const form = publisher.page.locator('main form[action="/data/new"]');
      await fillNamed(form, 'name', name);
      await fillNamed(form, 'title_kk', 'Бюджеттің атқарылуы (e2e)');
      await fillNamed(form, 'title_ru', 'Исполнение бюджета (e2e)');
      await fillNamed(form, 'title_en', 'Budget execution (e2e)');
      await fillNamed(form, 'description_ru', 'Ежемесячное исполнение бюджета по программам.');
      await form.locator('input[name="themes"][value="ECON"]').check();
      await fillNamed(form, 'keywords', 'бюджет, budget');
      await form.locator('[name="licence"]').selectOption('CC-BY-4.0');
      await form.locator('[name="frequency"]').selectOption('MONTHLY');
      resp = await clickAndWait(publisher.page, form.locator('button[type=submit]'), 'save the dataset');
      assert.equal(resp?.status(), 200, `saving answered HTTP ${resp?.status()}; alerts: "${await alertsText(publisher.page)}"`);
      assert.ok(publisher.page.url().includes(`/data/${name}`), `on the dataset page: ${publisher.page.url()}`);
      // Upload a CSV.
      const add = publisher.page.locator(`main form[action^="/data/${name}/resources"]`).first();
      await fillNamed(add, 'name', 'Исполнение 2026');
      await add.locator('input[type=file][name="file"]').setInputFiles({
        name: 'budget.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('программа;район;план;факт\n001;Алмалинский;100;97\n002;Медеуский;250;251\n003;Медеуский;80,5;80\n'),
      });
      resp = await clickAndWait(publisher.page, add.locator('button[type=submit]'), 'add the file');
      assert.equal(resp?.status(), 200, `upload answered HTTP ${resp?.status()}; alerts: "${await alertsText(publisher.page)}"`);
      await snap(publisher.page, 'resource-ru');
      await axeAssert(publisher, publisher.page.url(), 'the resource page (publisher)');
      // Publish.
      await publisher.page.goto(abs(`/data/${name}?lang=ru`));
      await axeAssert(publisher, abs(`/data/${name}?lang=ru`), 'the dataset page (publisher)');
      resp = await clickAndWait(
        publisher.page,
        publisher.page.locator(`main form[action="/data/${name}/publish"] button`),
        'publish',
      );
      assert.equal(resp?.status(), 200);
      await snap(publisher.page, 'published-ru');

      // A citizen searches the catalogue in Russian with another form of the word.
      citizen = await newSession('citizen', 'ru');
      resp = await citizen.page.goto(abs('/data?lang=ru'));
      assert.equal(resp?.status(), 200);
      const search = citizen.page.locator('main form[role="search"]');
      await search.locator('input[name="q"]').fill('бюджеты e2e');
      await clickAndWait(citizen.page, search.locator('button[type=submit]'), 'search');
      await axeAssert(citizen, citizen.page.url(), 'the search results');
      await snap(citizen.page, 'search-ru');
      const link = citizen.page.locator(`main a[href="/data/${name}"]`);
      assert.equal(await link.count(), 1, `the search finds the dataset: ${await mainText(citizen.page)}`);
      await clickAndWait(citizen.page, link, 'open the dataset');
      assert.equal(await htmlLang(citizen.page), 'ru');
      assert.ok((await mainText(citizen.page)).includes('Исполнение бюджета (e2e)'), 'the Russian title is shown');
      await axeAssert(citizen, abs(`/data/${name}?lang=ru`), 'the dataset page (citizen)');
      const resourceHref = await citizen.page
        .locator(`main a[href^="/data/${name}/resources/"]:not([href$="/download"])`)
        .first()
        .getAttribute('href');
      // The load runs as a background job: the page says so until the table is ready.
      let ready = false;
      for (let i = 0; i < 120 && !ready; i++) {
        await citizen.page.goto(abs(`${resourceHref}?lang=ru`));
        ready = (await citizen.page.locator('#preview table.data-preview').count()) > 0;
        if (!ready) await new Promise((r) => setTimeout(r, 1000));
      }
      assert.ok(ready, `the preview appears once the file is loaded: ${await mainText(citizen.page)}`);
      await axeAssert(citizen, citizen.page.url(), 'the resource page with its preview');
      // Filter the preview to one district, without JavaScript-only controls.
      const filter = citizen.page.locator('#preview form.filters');
      await filter.locator('select[name="field"]').selectOption('район');
      await filter.locator('input[name="value"]').fill('медеуский');
      await filter.locator('select[name="x"]').selectOption('программа');
      await filter.locator('select[name="y"]').selectOption('план');
      await clickAndWait(citizen.page, filter.locator('button[type=submit]'), 'filter the preview');
      const rows = citizen.page.locator('#preview table.data-preview tbody tr');
      assert.equal(await rows.count(), 2, 'two rows are in Medeu district');
      const tableText = await citizen.page.locator('#preview table.data-preview').innerText();
      assert.ok(!tableText.includes('Алмалинский'), 'the other district is filtered out');
      assert.ok(tableText.includes('80.5'), 'the comma decimal is read as a number');
      assert.equal(await citizen.page.locator('#preview figure.chart svg').count(), 1, 'the chart is drawn');
      await axeAssert(citizen, citizen.page.url(), 'the filtered preview with its chart');
      await snap(citizen.page, 'preview-filtered-ru');
      // And the file itself downloads as uploaded.
      const href = await citizen.page.locator('main a[href$="/download"]').first().getAttribute('href');
      const file = await fetch(abs(href));
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'text/csv');
      assert.ok((await file.text()).startsWith('программа;район;план;факт'), 'the file comes back as uploaded');
    } finally {
      await closeSession(publisher);
      await closeSession(citizen);
    }
  }),
);
