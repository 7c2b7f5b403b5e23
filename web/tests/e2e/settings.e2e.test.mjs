// End-to-end: the settings page (issue #6) — profile (bio, status, avatar upload with preview, the
// public profile from the online list), preferences (theme applied at once and kept per account),
// the invite-only notice on the register form, and deleting the account from the danger zone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RUN_SUFFIX,
  TIMEOUT,
  apiRequest,
  openWatchedPage,
  register,
  signIn as signInAt,
  startServerAndBrowser,
  stopServerAndBrowser,
} from './browser.mjs';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

let srv;
let browser;
const pageProblems = [];
const suffix = RUN_SUFFIX;
const root = { username: `root_${suffix}`, password: 'the root password' };
const carol = { username: `carol_${suffix}`, password: 'carol has a password' };

function api(method, pathName, body, cookie) {
  return apiRequest(srv.url, method, pathName, body, cookie);
}

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
  // The first account is the superadmin (it can switch invite-only mode on and off).
  root.cookie = (await register(srv.url, root)).cookie;
  await register(srv.url, carol);
});

after(async () => {
  await stopServerAndBrowser({ srv, browser });
  assert.deepEqual(pageProblems, []);
});

function openPage() {
  return openWatchedPage(browser, srv.url, pageProblems, { viewport: { width: 1280, height: 900 }, timeout: TIMEOUT });
}

/** The settings page does not need the realtime connection, so sign-in does not wait for it. */
function signIn(page, user) {
  return signInAt(page, srv.url, user, { path: '/settings', connected: false });
}

test('profile: change bio and status, upload an avatar and see it', async () => {
  const { context, page } = await openPage();
  try {
    await signIn(page, carol);
    const profile = page.getByTestId('profile');
    await profile.getByLabel('Status').fill('Writing tests');
    await profile.getByLabel('Bio').fill('I test settings pages.\nSecond line.');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await profile.getByRole('status').filter({ hasText: 'Profile saved' }).waitFor();

    await profile.getByLabel('Avatar image').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
    const preview = profile.getByTestId('avatar-image');
    await preview.waitFor();
    assert.match(await preview.getAttribute('src'), /^blob:/, 'a local preview before uploading');
    await profile.getByRole('button', { name: 'Upload', exact: true }).click();
    await profile.getByRole('status').filter({ hasText: 'Avatar updated' }).waitFor();
    await page.waitForFunction(() =>
      /^\/avatars\/[0-9a-f]{32}\.png$/.test(document.querySelector('[data-testid="avatar-image"]')?.getAttribute('src') ?? ''),
    );
    // The image really loaded (the server served it as an image, CSP allowed it).
    assert.equal(
      await page.evaluate(() => document.querySelector('[data-testid="avatar-image"]').naturalWidth),
      1,
    );

    // What everyone else sees.
    const publicProfile = await api('GET', `/api/users/${carol.username}`, undefined, root.cookie);
    assert.equal(publicProfile.body.user.status, 'Writing tests');
    assert.equal(publicProfile.body.user.bio, 'I test settings pages.\nSecond line.');
    assert.match(publicProfile.body.user.avatar_url, /^\/avatars\//);

    // After a reload the page shows what the server stored.
    await page.reload();
    await page.getByTestId('profile').getByLabel('Status').waitFor();
    await page.waitForFunction(() => document.getElementById('profile-status')?.value === 'Writing tests');

    // Clicking a name in the online list shows that public profile.
    await page.goto('/channels/general');
    await page.getByTestId('online-list').getByRole('button', { name: carol.username, exact: true }).click();
    const dialog = page.getByTestId('profile-dialog');
    await dialog.getByText('Writing tests').waitFor();
    await dialog.getByText('Second line.', { exact: false }).waitFor();
    assert.match(await dialog.getByRole('img').getAttribute('src'), /^\/avatars\//);
  } finally {
    await context.close();
  }
});

test('preferences: the theme switches at once and follows the account to a new browser', async () => {
  const { context, page } = await openPage();
  try {
    await signIn(page, carol);
    const prefs = page.getByTestId('preferences');
    await prefs.getByLabel('Theme').waitFor();
    await prefs.getByLabel('Theme').selectOption('dark');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await prefs.getByLabel('Who may send me direct messages').selectOption('nobody');
    await prefs.getByLabel('Play sounds').uncheck();
    await prefs.getByRole('button', { name: 'Save preferences' }).click();
    await prefs.getByRole('status').filter({ hasText: 'Preferences saved' }).waitFor();

    await prefs.getByLabel('Language').fill('not a language tag');
    await prefs.getByRole('button', { name: 'Save preferences' }).click();
    const alert = prefs.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /language/);
  } finally {
    await context.close();
  }
  const { context: fresh, page: other } = await openPage();
  try {
    await signIn(other, carol);
    await other.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    const prefs = other.getByTestId('preferences');
    assert.equal(await prefs.getByLabel('Who may send me direct messages').inputValue(), 'nobody');
    assert.equal(await prefs.getByLabel('Play sounds').isChecked(), false);
    assert.equal(await prefs.getByLabel('Language').inputValue(), 'en', 'the refused value was not stored');
    await prefs.getByLabel('Theme').selectOption('light');
    await other.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  } finally {
    await fresh.close();
  }
});

test('the register form says when registration is invite-only', async () => {
  assert.equal((await api('POST', '/api/admin/settings', { settings: { INVITE_ONLY_MODE: 1 } }, root.cookie)).status, 200);
  const { context, page } = await openPage();
  try {
    await page.goto('/');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByTestId('invite-only').waitFor();
  } finally {
    await context.close();
    assert.equal((await api('POST', '/api/admin/settings', { settings: { INVITE_ONLY_MODE: 0 } }, root.cookie)).status, 200);
  }
});

test('danger zone: a wrong password is refused, then the account is deleted', async () => {
  const { context, page } = await openPage();
  try {
    await signIn(page, carol);
    const zone = page.getByTestId('danger-zone');
    await zone.getByLabel('Your password').fill('not the password');
    await zone.getByRole('button', { name: 'Delete my account…' }).click();
    const confirmButton = zone.getByRole('button', { name: 'Delete my account for good' });
    assert.equal(await confirmButton.isDisabled(), true, 'the username must be typed first');
    await zone.getByLabel('Username', { exact: true }).fill(carol.username);
    await confirmButton.click();
    await zone.getByRole('alert').filter({ hasText: 'password' }).waitFor();

    await zone.getByLabel('Your password').fill(carol.password);
    await zone.getByRole('button', { name: 'Delete my account…' }).click();
    await zone.getByLabel('Username', { exact: true }).fill(carol.username);
    await zone.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.getByText('Your account was deleted.').waitFor();
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();

    const login = await api('POST', '/api/auth/login', { username: carol.username, password: carol.password });
    assert.equal(login.status, 401);
    const again = await api('POST', '/api/auth/register', { username: carol.username, password: 'trying to come back' });
    assert.equal(again.status, 409, 'the name stays reserved');
  } finally {
    await context.close();
  }
});
