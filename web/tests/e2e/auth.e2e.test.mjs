// End-to-end: the real web client (web/dist) served by the real chatterd, driven in Debian's
// Chromium through playwright-core. Run: `npm run build && npm run test:e2e` (in web/).
// The server binary comes from $CHATTERD_BIN or build/{asan,debug,release}/chatterd; the web
// root from $CHATTER_WEB_ROOT or web/dist (see tests/support/server.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  DESKTOP,
  PHONE,
  RUN_SUFFIX,
  SHOT_DIR,
  TIMEOUT,
  openWatchedPage,
  startServerAndBrowser,
  stopServerAndBrowser,
  waitConnected,
} from './browser.mjs';

let srv;
let browser;
/** Problems seen in any page: uncaught exceptions and CSP violations. */
const pageProblems = [];

const suffix = RUN_SUFFIX;
const alice = { username: `alice_${suffix}`, password: 'correct horse battery' };
const bob = { username: `bob.${suffix}`, password: 'another good password' };

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
});

after(() => stopServerAndBrowser({ srv, browser }));

/** A fresh browser context (own cookies and storage) and page, watched for problems. */
function openPage(viewport = DESKTOP) {
  return openWatchedPage(browser, srv.url, pageProblems, { viewport, timeout: TIMEOUT });
}

async function fillAuthForm(page, { username, password, email }) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  if (email !== undefined) await page.getByLabel(/E-mail/).fill(email);
}

/** Submit the sign-in/register form and return the parsed JSON answer of the API call. */
async function submitAndCapture(page, apiPath, buttonName) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === apiPath && r.request().method() === 'POST'),
    page.getByRole('button', { name: buttonName, exact: true }).last().click(),
  ]);
  return { status: response.status(), body: await response.json() };
}

async function expectSignInPage(page) {
  await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
  assert.equal(await page.getByTestId('current-user').count(), 0, 'the shell must not be shown when signed out');
}

async function expectShell(page, user) {
  const name = page.getByTestId('current-user');
  await name.waitFor();
  assert.equal((await name.textContent()).trim(), user.username);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('username')), user.username);
  const state = (await page.getByTestId('connection-state').textContent()).trim();
  assert.ok(['connected', 'reconnecting', 'offline'].includes(state), `connection state "${state}"`);
}

test('register, see the shell, sign out, sign in again', async () => {
  const { context, page } = await openPage(DESKTOP);
  try {
    await page.goto('/');
    await expectSignInPage(page);

    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await fillAuthForm(page, { ...alice, email: '' });
    const reg = await submitAndCapture(page, '/api/auth/register', 'Create account');
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    assert.equal(reg.body.username, alice.username);
    await expectShell(page, alice);
    // The first account on a fresh server is the superadmin, so Administration is listed.
    assert.equal((await page.getByTestId('current-role').textContent()).trim(), reg.body.role);
    if (reg.body.role === 'admin' || reg.body.role === 'superadmin') {
      await page.getByRole('link', { name: /Administration/ }).waitFor();
    }
    for (const section of ['Channels', 'Direct messages', 'Groups', 'Documents', 'Files', 'Voice', 'Custom channels', 'Settings']) {
      await page.getByRole('link', { name: new RegExp(section) }).waitFor();
    }

    // A reload keeps the session (cookie) and whoami brings the shell back.
    await page.reload();
    await expectShell(page, alice);

    // Sign out: back to the sign-in page, sessionStorage cleared.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expectSignInPage(page);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('username')), null);
    const who = await page.evaluate(() => fetch('/api/whoami').then((r) => r.json()));
    assert.equal(who.username, null, 'the server session must be gone after sign-out');

    // Sign in again.
    await fillAuthForm(page, alice);
    const login = await submitAndCapture(page, '/api/auth/login', 'Sign in');
    assert.equal(login.status, 200, JSON.stringify(login.body));
    await expectShell(page, alice);
  } finally {
    await context.close();
  }
});

test('a wrong password shows the server error sentence', async () => {
  const { context, page } = await openPage(DESKTOP);
  try {
    await page.goto('/');
    await expectSignInPage(page);
    await fillAuthForm(page, { username: alice.username, password: 'not the password' });
    const res = await submitAndCapture(page, '/api/auth/login', 'Sign in');
    assert.equal(res.status, 401);
    assert.equal(res.body.ok, false);
    assert.equal(typeof res.body.error, 'string');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal((await alert.textContent()).trim(), res.body.error.trim());
    assert.equal(await page.getByTestId('current-user').count(), 0);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('username')), null);
  } finally {
    await context.close();
  }
});

test('registering a taken name shows the server error sentence', async () => {
  const { context, page } = await openPage(DESKTOP);
  try {
    await page.goto('/');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    // Same name in another case: names are unique ignoring case.
    await fillAuthForm(page, { username: alice.username.toUpperCase(), password: 'some other password' });
    const res = await submitAndCapture(page, '/api/auth/register', 'Create account');
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.equal(res.body.code, 'username_taken');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal((await alert.textContent()).trim(), res.body.error.trim());
    assert.equal(await page.getByTestId('current-user').count(), 0);
  } finally {
    await context.close();
  }
});

test('phone and desktop layouts; settings lists this session', async () => {
  const { context, page } = await openPage(PHONE);
  try {
    // Deep link into the SPA: the server answers unknown non-API paths with index.html.
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await fillAuthForm(page, bob);
    const reg = await submitAndCapture(page, '/api/auth/register', 'Create account');
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    await expectShell(page, bob);
    assert.equal(reg.body.role, 'user', 'the second account is a plain user');
    assert.equal(await page.getByRole('link', { name: /Administration/ }).count(), 0);

    // Phone width: the sidebar is a drawer behind the menu button.
    const nav = page.getByRole('navigation', { name: 'Sections' });
    assert.equal(await nav.isVisible(), false, 'sidebar hidden at phone width');
    await page.getByRole('button', { name: /Menu/ }).click();
    await nav.waitFor({ state: 'visible' });
    await nav.getByRole('link', { name: /Settings/ }).click();
    await nav.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByTestId('sessions').getByText('This device').waitFor();
    await page.screenshot({ path: path.join(SHOT_DIR, 'chatter-e2e-phone.png'), fullPage: false });

    // Desktop width: sidebar always visible.
    await page.setViewportSize(DESKTOP);
    await nav.waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Create token' }).scrollIntoViewIfNeeded();
    await page.getByLabel('Token name').fill('e2e bot');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = await page.getByTestId('new-token').inputValue();
    assert.ok(shown.length >= 16, 'the new token is shown once');
    await page.getByTestId('tokens').getByText('e2e bot', { exact: true }).waitFor();
    await page.screenshot({ path: path.join(SHOT_DIR, 'chatter-e2e-desktop.png'), fullPage: false });
  } finally {
    await context.close();
  }
});

test('settings: revoke another session, change the password', async () => {
  // A second session of alice, opened by a script outside the browser.
  const loginRes = await fetch(`${srv.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': 'e2e-script/1.0' },
    body: JSON.stringify(alice),
  });
  assert.equal(loginRes.status, 200);
  const cookie = /chatter_session=[^;]+/.exec(loginRes.headers.get('set-cookie') ?? '')?.[0];
  assert.ok(cookie, 'login sets the session cookie');
  const whoScript = () =>
    fetch(`${srv.url}/api/whoami`, { headers: { Cookie: cookie } }).then((r) => r.json());
  assert.equal((await whoScript()).username, alice.username);

  const { context, page } = await openPage(DESKTOP);
  try {
    await page.goto('/settings');
    await fillAuthForm(page, alice);
    await submitAndCapture(page, '/api/auth/login', 'Sign in');
    await expectShell(page, alice);
    const sessions = page.getByTestId('sessions');
    await sessions.getByText('This device').waitFor();
    assert.equal(await sessions.getByText('This device').count(), 1);

    const scriptRow = sessions.getByRole('listitem').filter({ hasText: 'e2e-script/1.0' });
    await scriptRow.waitFor();
    await scriptRow.getByRole('button', { name: 'Revoke' }).click();
    await scriptRow.waitFor({ state: 'detached' });
    assert.equal((await whoScript()).username, null, 'the revoked session no longer authenticates');

    const newPassword = 'a brand new passphrase';
    const pw = page.getByTestId('password');
    await pw.getByLabel('Current password').fill(alice.password);
    await pw.getByLabel('New password', { exact: true }).fill(newPassword);
    await pw.getByLabel('Confirm new password').fill(newPassword);
    await pw.getByRole('button', { name: 'Change password' }).click();
    await pw.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
    alice.password = newPassword;

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expectSignInPage(page);
    await fillAuthForm(page, alice);
    const again = await submitAndCapture(page, '/api/auth/login', 'Sign in');
    assert.equal(again.status, 200, JSON.stringify(again.body));
    await expectShell(page, alice);
  } finally {
    await context.close();
  }
});

test('the realtime connection reaches "connected" and survives a server restart', async () => {
  const { context, page } = await openPage(DESKTOP);
  try {
    await page.goto('/');
    await fillAuthForm(page, bob);
    await submitAndCapture(page, '/api/auth/login', 'Sign in');
    await expectShell(page, bob);
    await waitConnected(page, TIMEOUT);
    // Record every state the indicator shows, to prove the client saw the drop.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="connection-state"]');
      window.__states = [];
      new MutationObserver(() => window.__states.push(el.textContent.trim())).observe(el, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    // Same port and data directory: the client must notice the drop and come back by itself.
    await srv.restart({ samePort: true });
    await waitConnected(page, 30_000);
    const states = await page.evaluate(() => window.__states);
    assert.ok(
      states.some((s) => s === 'reconnecting' || s === 'offline'),
      `the indicator never showed the outage: ${JSON.stringify(states)}`,
    );
    const who = await page.evaluate(() => fetch('/api/whoami').then((r) => r.json()));
    assert.equal(who.username, bob.username, 'still signed in after the restart');
  } finally {
    await context.close();
  }
});

test('no uncaught exceptions or CSP violations in the pages', () => {
  assert.deepEqual(pageProblems, []);
});
