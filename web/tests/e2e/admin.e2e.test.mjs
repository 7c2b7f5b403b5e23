// End-to-end: the admin console. An admin bans a user and finds the ban in the audit log; an alert
// posted in the console appears as a banner for another user, live and after a reload.
// Run: `npm run build && node --test tests/e2e/admin.e2e.test.mjs` (in web/).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openSignedInPage,
  register,
  RUN_SUFFIX,
  startServerAndBrowser,
  stopServerAndBrowser,
  testAccounts,
  TIMEOUT,
  waitConnected,
} from './browser.mjs';

let srv;
let browser;
const pageProblems = [];
const suffix = RUN_SUFFIX;
const { root, alice, bob } = testAccounts('root', 'alice', 'bob');

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
  for (const u of [root, alice, bob]) await register(srv.url, u);
});

after(() => stopServerAndBrowser({ srv, browser }));

function signedInPage(user, startPath) {
  return openSignedInPage(browser, srv.url, pageProblems, user, { path: startPath, acceptDialogs: true });
}

test('an admin bans a user from the console and sees it in the audit log', async () => {
  const victim = await signedInPage(alice, '/channels');
  const admin = await signedInPage(root, '/admin');
  const { page } = admin;
  await page.getByTestId('admin-stats').waitFor();
  assert.equal(await page.getByTestId('admin-chart').locator('rect').count(), 14);

  await page.getByTestId('admin-tab-users').click();
  await page.getByTestId('admin-user-search').fill(alice.username);
  const row = page.getByTestId(`admin-user-${alice.username}`);
  await row.getByRole('button', { name: 'Manage' }).click();
  await row.getByLabel(/Reason/).fill('posting spam');
  await row.getByTestId('ban-user').click();
  await row.getByTestId('banned-badge').filter({ hasText: 'posting spam' }).waitFor();

  // The banned user's live connection ends at once and cannot come back.
  await victim.page.waitForFunction(
    () => document.querySelector('[data-testid="connection-state"]')?.textContent?.trim() !== 'connected',
    undefined,
    { timeout: TIMEOUT },
  );

  await page.getByTestId('admin-tab-audit').click();
  const entry = page.getByTestId('audit-entry').filter({ hasText: alice.username }).filter({ hasText: 'ban' });
  await entry.first().waitFor();
  assert.match(await entry.first().textContent(), /posting spam/);
  assert.match(await entry.first().textContent(), new RegExp(root.username));

  await victim.context.close();
  await admin.context.close();
  assert.deepEqual(pageProblems, []);
});

test('an alert posted in the console appears as a banner for another user, live and after reload', async () => {
  const reader = await signedInPage(bob, '/channels');
  const admin = await signedInPage(root, '/admin');
  const text = `Maintenance tonight at 22:00 (${suffix})`;
  await admin.page.getByTestId('admin-tab-alerts').click();
  await admin.page.getByLabel('Text').fill(text);
  await admin.page.getByLabel('Level').selectOption('warning');
  await admin.page.getByRole('button', { name: 'Post alert' }).click();

  const banner = reader.page.getByTestId('alert-banner').filter({ hasText: text });
  await banner.waitFor();
  assert.match(await banner.getAttribute('class'), /level-warning/);
  await reader.page.reload();
  await reader.page.getByTestId('alert-banner').filter({ hasText: text }).waitFor();
  await reader.page.getByRole('button', { name: 'Dismiss announcement' }).first().click();
  assert.equal(await reader.page.getByTestId('alert-banner').filter({ hasText: text }).count(), 0);

  await admin.page.getByRole('button', { name: 'Remove' }).first().click();
  await reader.page.reload();
  await reader.page.getByTestId('current-user').waitFor();
  await waitConnected(reader.page, TIMEOUT);
  assert.equal(await reader.page.getByTestId('alert-banner').filter({ hasText: text }).count(), 0);

  await reader.context.close();
  await admin.context.close();
  assert.deepEqual(pageProblems, []);
});
