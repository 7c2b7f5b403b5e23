// End-to-end custom channels (issue #7): the three example channels of the API document, served
// verbatim (custom_channels/*.js) by a local HTTP server this test starts, are registered through
// the page, enabled, opened and used in Debian's Chromium; a channel that throws in init shows its
// error in its panel while the rest of the app keeps working; a shared channel asks for trust first.
// chatterd may fetch from the loopback script server only because of --fetch-allow-host 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUN_SUFFIX, apiRequest, openSignedInPage, register, startServerAndBrowser, stopServerAndBrowser } from './browser.mjs';
import { useUpstream } from '../../../tests/support/upstream.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCRIPTS = {
  '/echo.js': fs.readFileSync(path.join(HERE, 'custom_channels', 'echo.js')),
  '/file-manager.js': fs.readFileSync(path.join(HERE, 'custom_channels', 'file-manager.js')),
  '/user-status.js': fs.readFileSync(path.join(HERE, 'custom_channels', 'user-status.js')),
  '/broken.js':
    'window.ChatterCustomChannel = { name: "Broken", icon: "💥", init: function () { throw new Error("boom in init"); } };\n',
  '/not-a-channel.js': 'var unrelated = 1;\n',
};

let srv;
let browser;
const pageProblems = [];
const dialogs = [];
const suffix = RUN_SUFFIX;
const root = { username: `root_${suffix}`, password: 'administrator passphrase' };
const alice = { username: `alice_${suffix}`, password: 'correct horse battery' };
const bob = { username: `bob_${suffix}`, password: 'another good password' };
const cookies = new Map();

function api(method, apiPath, body, user) {
  return apiRequest(srv.url, method, apiPath, body, user ? cookies.get(user.username) : '');
}

const scripts = useUpstream((req, res) => {
  const body = SCRIPTS[new URL(req.url, 'http://x').pathname];
  res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/javascript' });
  res.end(body ?? 'missing');
});

before(async () => {
  ({ srv, browser } = await startServerAndBrowser({ serverArgs: ['--fetch-allow-host', '127.0.0.1'] }));
  for (const u of [root, alice, bob]) cookies.set(u.username, (await register(srv.url, u)).cookie);
});

after(() => stopServerAndBrowser({ srv, browser }));

// The File Manager example reports an upload with alert(): accept it.
function signedInPage(user, startPath = '/custom') {
  return openSignedInPage(browser, srv.url, pageProblems, user, { path: startPath, dialogs, acceptDialogs: true });
}

/** Registers a channel through the form; returns its id once its row is listed. */
async function addChannel(page, scriptPath, name) {
  await page.goto('/custom');
  const form = page.getByTestId('custom-add-form');
  await form.getByLabel('Script URL').fill(`${scripts.origin()}${scriptPath}`);
  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Add channel' }).click();
  const row = page.getByTestId('custom-row').filter({ hasText: name });
  await row.waitFor();
  return Number(await row.getAttribute('data-channel-id'));
}

/** Opens a running channel from the sidebar and waits for its panel. */
async function openChannel(page, id) {
  await page.locator(`[data-testid="custom-link"][data-channel-id="${id}"]`).click();
  await page.locator(`[data-testid="custom-panel"][data-channel-id="${id}"]`).waitFor();
}

test('the three example channels of the API document run unchanged', async () => {
  const a = await signedInPage(alice);
  try {
    // Echo: typed text is echoed into the channel's own list, styled by its inline styles.
    const echo = await addChannel(a.page, '/echo.js', 'Echo');
    await openChannel(a.page, echo);
    await a.page.locator('#echo-input').fill('hello from the echo test');
    await a.page.locator('#echo-input').press('Enter');
    const echoed = a.page.locator('#echo-messages > div', { hasText: '🔊 hello from the echo test' });
    await echoed.waitFor();
    assert.equal(await a.page.locator('#echo-input').inputValue(), '');
    // The container's style="padding: 1rem" attribute applies (CSP allows style attributes).
    const padding = await a.page.locator('#echo-messages').evaluate((el) => getComputedStyle(el.parentElement).paddingTop);
    assert.equal(padding, '16px');
    // The sidebar shows the icon the script declared.
    await a.page.locator(`[data-testid="custom-link"][data-channel-id="${echo}"]`, { hasText: '🔊' }).waitFor();
    assert.equal(await a.page.evaluate(() => 'ChatterCustomChannel' in window), false, 'the global is removed after loading');

    // File Manager: uploads a file with the page's own session, alerts, and lists it.
    const files = await addChannel(a.page, '/file-manager.js', 'Files');
    await openChannel(a.page, files);
    await a.page.locator('#file-list').waitFor({ state: 'attached' });
    await a.page.locator('#file-input').setInputFiles({ name: 'report-e2e.txt', mimeType: 'text/plain', buffer: Buffer.from('custom channel upload') });
    await a.page.locator('#upload-btn').click();
    await a.page.locator('#file-list strong', { hasText: 'report-e2e.txt' }).waitFor();
    assert.ok(dialogs.some((d) => d.includes('alert File uploaded: ')), dialogs.join('\n'));
    const listed = await api('GET', '/api/files/list', undefined, alice);
    assert.ok(listed.body.files.some((f) => f.name === 'report-e2e.txt'), JSON.stringify(listed.body));

    // User Status: lists the online users, and refreshes on user_list_refresh when Bob arrives.
    const status = await addChannel(a.page, '/user-status.js', 'Who is online');
    await openChannel(a.page, status);
    await a.page.locator('#user-list strong', { hasText: alice.username }).waitFor();
    const b = await signedInPage(bob, '/channels');
    try {
      await a.page.locator('#user-list strong', { hasText: bob.username }).waitFor();
    } finally {
      await b.context.close();
    }
    // Leaving the panel destroys the channel and removes its socket listeners: Bob leaving later
    // must not make the unloaded User Status channel touch the page.
    await a.page.locator(`[data-testid="custom-link"][data-channel-id="${echo}"]`).click();
    await a.page.locator('#echo-input').waitFor();
    assert.equal(await a.page.locator('#user-list').count(), 0);
  } finally {
    await a.context.close();
  }
  assert.deepEqual(pageProblems, []);
});

test('a channel that throws shows its error in its panel and the app keeps working', async () => {
  const a = await signedInPage(alice);
  try {
    const broken = await addChannel(a.page, '/broken.js', 'Broken');
    await openChannel(a.page, broken);
    await a.page.getByTestId('custom-error').filter({ hasText: 'boom in init' }).waitFor();
    const notChannel = await addChannel(a.page, '/not-a-channel.js', 'Not a channel');
    await openChannel(a.page, notChannel);
    await a.page.getByTestId('custom-error').filter({ hasText: 'window.ChatterCustomChannel' }).waitFor();
    // Another channel still runs, and so does the rest of the app.
    const echo = Number(await a.page.locator('[data-testid="custom-link"]', { hasText: 'Echo' }).first().getAttribute('data-channel-id'));
    await openChannel(a.page, echo);
    await a.page.locator('#echo-input').fill('still alive');
    await a.page.locator('#echo-input').press('Enter');
    await a.page.locator('#echo-messages > div', { hasText: 'still alive' }).waitFor();
    await a.page.getByTestId('nav-channels').click();
    await a.page.waitForURL(/\/channels/);
    assert.equal(await a.page.getByTestId('connection-state').textContent(), 'connected');
  } finally {
    await a.context.close();
  }
  assert.deepEqual(pageProblems, []);
});

test("someone else's shared channel warns before it runs; its message stream reaches every open copy", async () => {
  const list = await api('GET', '/api/channels/custom/list', undefined, alice);
  const echo = list.body.channels.find((c) => c.name === 'Echo');
  const shared = await api('POST', `/api/channels/custom/${echo.id}/share`, { shared: true }, root);
  assert.equal(shared.status, 200, JSON.stringify(shared.body));

  const a = await signedInPage(alice, `/custom/${echo.id}`);
  const b = await signedInPage(bob);
  try {
    const row = b.page.locator(`[data-testid="custom-row"][data-channel-id="${echo.id}"]`);
    await row.waitFor();
    assert.equal(await b.page.locator(`[data-testid="custom-link"][data-channel-id="${echo.id}"]`).count(), 0, 'not running before Bob accepts');
    await row.getByTestId('custom-run').click();
    const dialog = b.page.getByTestId('custom-trust-dialog');
    await dialog.getByText('Only load custom channels from trusted sources').waitFor();
    await dialog.getByText(echo.sha256).waitFor();
    await dialog.getByTestId('custom-trust-accept').click();
    await openChannel(b.page, echo.id);
    await b.page.locator('#echo-input').waitFor();

    // A line typed in the panel goes to the channel's stream; Echo has no onMessage, so each open
    // copy shows it in the panel's log.
    await a.page.locator(`[data-testid="custom-panel"][data-channel-id="${echo.id}"]`).waitFor();
    await b.page.getByTestId('custom-command-input').fill('stream hello');
    await b.page.getByTestId('custom-command-input').press('Enter');
    for (const page of [a.page, b.page]) {
      await page.getByTestId('custom-log').getByText(`${bob.username}: stream hello`).waitFor();
    }
    // /channel info is answered by the panel itself.
    await a.page.getByTestId('custom-command-input').fill('/channel info');
    await a.page.getByTestId('custom-command-input').press('Enter');
    await a.page.getByTestId('custom-log').getByText(/Echo \(#\d+\) v1\.0\.0 by alice_/).waitFor();
  } finally {
    await a.context.close();
    await b.context.close();
  }
  assert.deepEqual(pageProblems, []);
});
