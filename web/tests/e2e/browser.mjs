// The one way the e2e tests start a browser (Debian's Chromium through playwright-core, never a
// downloaded build, with the flags this machine's closed network needs) together with the server
// they test, open watched pages, and create and sign in accounts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, webRoot } from '../../../tests/support/server.mjs';

export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

/** Page sizes and the default wait of a page (openWatchedPage). */
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const TIMEOUT = 15_000;

/** Where tests save screenshots for people to look at. */
export const SHOT_DIR = process.env.E2E_SCREENSHOT_DIR || os.tmpdir();

/** `extraArgs`: more Chromium flags for one test file (e.g. fake media devices for voice). */
export function launchBrowser({ extraArgs = [] } = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * A test file's `before`: checks that the web client is built, starts chatterd (free loopback
 * port, fresh data directory; `serverArgs`: more command-line flags) and then the browser
 * (`browserArgs`: more Chromium flags). Resolves to `{ srv, browser }` for stopServerAndBrowser.
 */
export async function startServerAndBrowser({ serverArgs = [], browserArgs = [] } = {}) {
  assert.ok(
    fs.existsSync(path.join(webRoot(), 'index.html')),
    `the web client is not built (${webRoot()}/index.html missing): run \`npm run build\` in web/ first`,
  );
  const srv = await startServer({ args: serverArgs });
  try {
    return { srv, browser: await launchBrowser({ extraArgs: browserArgs }) };
  } catch (err) {
    await srv.stop();
    throw err;
  }
}

/** A test file's `after`: closes the browser, then stops chatterd and asserts it exited 0. */
export async function stopServerAndBrowser({ srv, browser } = {}) {
  await browser?.close().catch(() => undefined);
  if (srv) {
    const code = await srv.stop();
    assert.equal(code, 0, `chatterd must exit 0 on SIGTERM; stderr:\n${srv.logs()}`);
  }
}

/**
 * A fresh context (own cookies and storage) and page on `baseURL`, with uncaught exceptions and
 * CSP violations appended to `problems` so a test can assert none happened. `label` (e.g. the
 * user's name) prefixes each entry when a test has several pages.
 */
export async function openWatchedPage(browser, baseURL, problems, { viewport = DESKTOP, timeout = TIMEOUT, label = '' } = {}) {
  const context = await browser.newContext({ viewport, baseURL });
  context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  const prefix = label ? `${label}: ` : '';
  page.on('pageerror', (err) => problems.push(`${prefix}uncaught exception: ${err.message}`));
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) problems.push(`${prefix}CSP: ${msg.text()}`);
  });
  return { context, page };
}

/** Unique to this run of a test file, so account names never collide with another run's. */
export const RUN_SUFFIX = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

/** One account per name: `{username: "<name>_<RUN_SUFFIX>", password}` keyed by name. */
export function testAccounts(...names) {
  return Object.fromEntries(names.map((name) => [name, { username: `${name}_${RUN_SUFFIX}`, password: `${name} has a long password` }]));
}

/** Waits until the page's realtime indicator says "connected" (page default timeout if none). */
export function waitConnected(page, timeout) {
  return page.waitForFunction(
    () => document.querySelector('[data-testid="connection-state"]')?.textContent?.trim() === 'connected',
    undefined,
    timeout === undefined ? {} : { timeout },
  );
}

/**
 * Signs a user in through the app's own form: opens `path` on `baseUrl` (signed out, every path
 * shows the form and the app stays on that path afterwards), submits, and waits until the shell
 * names the user and — unless `connected` is false — the realtime connection is up.
 */
export async function signIn(page, baseUrl, { username, password }, { path = '/', connected = true, timeout } = {}) {
  await page.goto(new URL(path, baseUrl).href);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).last().click();
  await page.getByTestId('current-user').filter({ hasText: username }).waitFor();
  if (connected) await waitConnected(page, timeout);
}

/**
 * A watched page (openWatchedPage, labelled with the username) signed in as `user` at `path`
 * (signIn). JavaScript dialogs are dismissed, or accepted with `acceptDialogs`; with `dialogs`
 * (an array) each is recorded there as "<username>: <type> <message>".
 */
export async function openSignedInPage(
  browser,
  baseUrl,
  problems,
  user,
  { path = '/', viewport, timeout, dialogs, acceptDialogs = false } = {},
) {
  const { context, page } = await openWatchedPage(browser, baseUrl, problems, { viewport, timeout, label: user.username });
  page.on('dialog', (dialog) => {
    dialogs?.push(`${user.username}: ${dialog.type()} ${dialog.message()}`);
    void (acceptDialogs ? dialog.accept() : dialog.dismiss()).catch(() => undefined);
  });
  await signIn(page, baseUrl, user, { path, timeout });
  return { context, page };
}

/**
 * One JSON API call as a browser on Chatter's origin would make it (`cookie`: `chatter_session=…`
 * or empty). Returns the status, the parsed body (the raw text when it is not JSON) and the session
 * cookie the answer sets, if any.
 */
export async function apiRequest(baseUrl, method, apiPath, body, cookie) {
  const res = await fetch(new URL(apiPath, baseUrl), {
    method,
    headers: { 'Content-Type': 'application/json', Origin: new URL(baseUrl).origin, ...(cookie ? { Cookie: cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json, cookie: /chatter_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] };
}

/**
 * Creates an account through the API (the first one on a fresh server is the superadmin) and
 * returns its session cookie (`chatter_session=…`) and the answer's body; fails the test on any
 * status but 201.
 */
export async function register(baseUrl, user) {
  const res = await fetch(new URL('/api/auth/register', baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: new URL(baseUrl).origin },
    body: JSON.stringify(user),
  });
  const text = await res.text();
  assert.equal(res.status, 201, `register ${user.username}: ${text}`);
  const cookie = /chatter_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  assert.ok(cookie, 'register sets the session cookie');
  return { cookie, body: JSON.parse(text) };
}
