// End-to-end reports: bob reports alice's channel message from its actions and reports alice from
// her profile; an empty reason is refused in the dialog, the server's refusal (rate limit) is shown
// as its sentence; the admin (first account) finds both reports, with excerpt and reason, in the
// admin console's reports tab. Nothing here waits for a fixed time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSignedInPage, register, RUN_SUFFIX, startServerAndBrowser, stopServerAndBrowser, testAccounts } from './browser.mjs';

const { root, alice, bob } = testAccounts('root', 'alice', 'bob');
const pageProblems = [];
let srv;
let browser;

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
  for (const u of [root, alice, bob]) await register(srv.url, u);
});

after(async () => {
  await stopServerAndBrowser({ srv, browser });
  assert.deepEqual(pageProblems, [], 'no uncaught exceptions or CSP violations in any page');
});

function signedInPage(user, startPath) {
  // Every wait uses the page's default timeout (openWatchedPage: 15 s).
  return openSignedInPage(browser, srv.url, pageProblems, user, { path: startPath });
}

/** The message whose own text contains `text`. */
function message(page, text) {
  return page.getByTestId('message').filter({ has: page.locator('.msg-body', { hasText: text }) });
}

/** Opens `username`'s profile from the online list, reports them and closes the profile. */
async function reportUser(page, username, reason) {
  await page.getByTestId('online-list').getByRole('button', { name: username, exact: true }).click();
  const profile = page.getByTestId('profile-dialog');
  await profile.getByRole('button', { name: 'Report user' }).click();
  await profile.getByLabel('Reason').fill(reason);
  await profile.getByRole('button', { name: 'Send report' }).click();
  return profile;
}

test('a user reports a message and a user; the admin sees both in the reports tab', async () => {
  const a = await signedInPage(alice, '/channels/general');
  const b = await signedInPage(bob, '/channels/general');
  try {
    const text = `buy cheap watches at example.invalid ${RUN_SUFFIX}`;
    const box = a.page.getByLabel('Message', { exact: true });
    await box.fill(text);
    await box.press('Enter');
    await message(a.page, text).waitFor();
    assert.equal(await message(a.page, text).getByRole('button', { name: 'Report' }).count(), 0, 'no Report on your own message');

    // The message: an empty reason is refused in the dialog, then a real one is sent.
    await message(b.page, text).getByRole('button', { name: 'Report', exact: true }).click();
    const dialog = b.page.getByTestId('report-dialog');
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('Reason').evaluate((el) => el === document.activeElement), true, 'the reason has focus');
    await dialog.getByLabel('Reason').fill('   ');
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Say why you are reporting this' }).waitFor();
    assert.equal(await dialog.getByLabel('Reason').getAttribute('maxlength'), '500', 'the server limit');
    const messageReason = `spam link ${RUN_SUFFIX}`;
    await dialog.getByLabel('Reason').fill(messageReason);
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Report sent' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The user, from the profile in the online list; your own profile offers no report.
    const userReason = `keeps posting spam ${RUN_SUFFIX}`;
    const profile = await reportUser(b.page, alice.username, userReason);
    await profile.getByRole('status').filter({ hasText: 'Report sent' }).waitFor();
    await profile.getByRole('button', { name: 'Close' }).click();
    await b.page.getByTestId('online-list').getByRole('button', { name: bob.username, exact: true }).click();
    await b.page.getByTestId('profile-dialog').getByText('Member since').waitFor();
    assert.equal(await b.page.getByTestId('profile-dialog').getByRole('button', { name: 'Report user' }).count(), 0);
    await b.page.getByTestId('profile-dialog').getByRole('button', { name: 'Close' }).click();

    // The server allows 5 reports per 10 minutes: the sixth is refused with its own sentence.
    for (let i = 3; i <= 5; i += 1) {
      const p = await reportUser(b.page, alice.username, `report number ${i}`);
      await p.getByRole('status').filter({ hasText: 'Report sent' }).waitFor();
      await p.getByRole('button', { name: 'Close' }).click();
    }
    const refused = await reportUser(b.page, alice.username, 'one too many');
    await refused.getByRole('alert').filter({ hasText: 'You have sent many reports' }).waitFor();
    assert.equal(await refused.getByRole('status').count(), 0);

    // The admin's reports tab lists both, with the excerpt and the reasons.
    const admin = await signedInPage(root, '/admin');
    try {
      await admin.page.getByTestId('admin-tab-reports').click();
      const messageReport = admin.page.locator('[data-testid^="report-"]').filter({ hasText: messageReason });
      await messageReport.waitFor();
      assert.match(await messageReport.textContent(), new RegExp(`Message by ${alice.username}`));
      assert.equal((await messageReport.locator('blockquote').textContent()).trim(), text);
      assert.match(await messageReport.textContent(), new RegExp(`reported by ${bob.username}`));
      const userReport = admin.page.locator('[data-testid^="report-"]').filter({ hasText: userReason });
      await userReport.waitFor();
      assert.match(await userReport.textContent(), new RegExp(`User ${alice.username}`));
      assert.equal(await admin.page.locator('[data-testid^="report-"]').count(), 5, 'the empty and the refused report were not stored');
    } finally {
      await admin.context.close();
    }
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
