// End-to-end direct messages and groups: the real web client (web/dist) against the real chatterd,
// two or three signed-in users in separate browser contexts of Debian's Chromium (playwright-core):
// a DM both ways with typing and unread badge, a group from creation to invite link, removal and
// transfer, and unread badges that follow the user across pages and reloads.
// Public channels and pins: messaging.e2e.test.mjs.
// Run: `npm run build && npm run test:e2e` in web/ (CHATTERD_BIN selects the server binary).
// Nothing here waits for a fixed time: every step waits for a condition in the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  RUN_SUFFIX,
  SHOT_DIR,
  TIMEOUT,
  openSignedInPage,
  register,
  startServerAndBrowser,
  stopServerAndBrowser,
  testAccounts,
  waitConnected,
} from './browser.mjs';
import { message, sendAcked } from './conversation.mjs';

let srv;
let browser;
/** Problems seen in any page: uncaught exceptions, CSP violations, JavaScript dialogs. */
const pageProblems = [];
const dialogs = [];

const suffix = RUN_SUFFIX;
const { root, alice, bob, carol } = testAccounts('root', 'alice', 'bob', 'carol');

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
  // The first account (root) is the superadmin; the others are plain users.
  for (const u of [root, alice, bob, carol]) await register(srv.url, u);
});

after(async () => {
  await stopServerAndBrowser({ srv, browser });
  // No uncaught exceptions, CSP violations or dialogs in the pages.
  assert.deepEqual(pageProblems, []);
  assert.deepEqual(dialogs, []);
});

/** A fresh browser context signed in as `user` at `startPath`, realtime connected. */
function signedInPage(user, startPath) {
  return openSignedInPage(browser, srv.url, pageProblems, user, { path: startPath, dialogs });
}

test('direct messages: live both ways, typing indicator, logging notice, unread badge', async () => {
  const a = await signedInPage(alice, '/dm');
  const b = await signedInPage(bob, '/dm');
  try {
    // Alice starts a conversation by username.
    await a.page.getByLabel('Username to message').fill(bob.username);
    await a.page.getByRole('button', { name: 'Message', exact: true }).click();
    await a.page.getByTestId('conversation-title').filter({ hasText: bob.username }).waitFor();
    // GD_SAVE_DM_LOGS is 1 by default: both participants are told.
    await a.page.getByTestId('dm-logging-notice').waitFor();

    const hi = `hi bob, it is alice ${suffix}`;
    await sendAcked(a.page, hi);
    await message(a.page, hi).waitFor();
    // Bob's list gets alice with an unread badge, live.
    const peer = b.page.getByTestId(`dm-peer-${alice.username}`);
    await peer.getByTestId('unread').filter({ hasText: '1' }).waitFor();
    await peer.click();
    await message(b.page, hi).waitFor();
    await b.page.getByTestId('dm-logging-notice').waitFor();
    await peer.getByTestId('unread').waitFor({ state: 'detached' });

    // Bob types: alice sees the indicator; it goes away when he sends.
    await b.page.getByLabel('Message', { exact: true }).pressSequentially('typ', { delay: 20 });
    await a.page.getByTestId('typing').filter({ hasText: `${bob.username} is typing` }).waitFor();
    const back = `hello alice, bob here ${suffix}`;
    await b.page.getByLabel('Message', { exact: true }).fill(back);
    await b.page.getByLabel('Message', { exact: true }).press('Enter');
    await message(a.page, back).waitFor();
    await a.page.waitForFunction(() => !document.querySelector('[data-testid="typing"]')?.textContent?.trim());
    await a.page.screenshot({ path: path.join(SHOT_DIR, 'chatter-messaging-dm.png') });

    // Edit by the author shows live; the other side has no Edit button.
    assert.equal(await message(a.page, back).getByRole('button', { name: 'Edit' }).count(), 0);
    await message(b.page, back).hover();
    await message(b.page, back).getByRole('button', { name: 'Edit' }).click();
    const changed = `hello alice, bob here (fixed) ${suffix}`;
    await b.page.getByLabel('Edit message').fill(changed);
    await b.page.getByLabel('Edit message').press('Enter');
    await message(a.page, changed).getByText('(edited)').waitFor();

    // Sending to a user who does not exist shows the server's sentence.
    await a.page.goto(`/dm/nobody_${suffix}`);
    await a.page.getByTestId('conversation-error').waitFor();
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('groups: create, talk live, invite link used by a third user who sees the history', async () => {
  const a = await signedInPage(alice, '/groups');
  const b = await signedInPage(bob, '/groups');
  let c;
  try {
    const groupName = `Trip ${suffix}`;
    await a.page.getByTestId('new-group').click();
    const dialog = a.page.getByTestId('create-group-dialog');
    await dialog.getByLabel('Group name (optional)').fill(groupName);
    await dialog.getByLabel('Members').fill(bob.username);
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await a.page.getByTestId('conversation-title').filter({ hasText: groupName }).waitFor();
    const tid = Number(/\/groups\/(\d+)/.exec(a.page.url())?.[1]);
    assert.ok(tid > 0, `the URL names the group: ${a.page.url()}`);

    const before1 = `before the invite ${suffix}`;
    await sendAcked(a.page, before1);
    // Bob's list shows the group live (gdm_threads_refresh or gdm_new); he opens it.
    await b.page.getByTestId(`group-${tid}`).click();
    await message(b.page, before1).waitFor();
    const fromBob = `bob in the group ${suffix}`;
    await sendAcked(b.page, fromBob);
    await message(a.page, fromBob).waitFor();

    // The owner creates an invite link that expires in 1 hour.
    await a.page.getByTestId('group-members-button').click();
    const members = a.page.getByTestId('members-dialog');
    await members.getByTestId('member-list').getByText(bob.username).waitFor();
    await members.getByLabel('Link expires after').selectOption({ label: '1 hour' });
    await members.getByTestId('create-invite').click();
    const url = await members.getByTestId('invite-url').inputValue();
    await a.page.screenshot({ path: path.join(SHOT_DIR, 'chatter-messaging-group-dialog.png') });
    const m = /\/join\/([A-Z2-7]{20})$/.exec(url);
    assert.ok(m, `invite url ${url}`);
    await members.getByRole('button', { name: 'Close' }).click();

    // Carol opens the link signed out, signs in, joins and sees the earlier messages.
    c = await signedInPage(carol, `/join/${m[1]}`);
    await c.page.waitForURL(new RegExp(`/groups/${tid}$`));
    await c.page.getByTestId('conversation-title').filter({ hasText: groupName }).waitFor();
    await message(c.page, before1).waitFor();
    await message(c.page, fromBob).waitFor();
    const fromCarol = `carol joined ${suffix}`;
    await sendAcked(c.page, fromCarol);
    await message(a.page, fromCarol).waitFor();
    await message(b.page, fromCarol).waitFor();

    // The code is single use: a second use shows the server's sentence.
    await c.page.goto(`/join/${m[1]}`);
    await c.page.getByTestId('invite-join').getByRole('alert').waitFor();

    // Owner renames; the members see the new name.
    await a.page.getByTestId('group-members-button').click();
    await members.getByLabel('Group name').fill(`${groupName} renamed`);
    await members.getByRole('button', { name: 'Rename' }).click();
    await b.page.getByTestId('conversation-title').filter({ hasText: `${groupName} renamed` }).waitFor();
    // Owner removes carol: her view leaves the group.
    await c.page.goto(`/groups/${tid}`);
    await c.page.getByTestId('conversation-title').filter({ hasText: 'renamed' }).waitFor();
    await members.getByTestId('member-list').getByRole('listitem').filter({ hasText: carol.username }).getByRole('button', { name: 'Remove' }).click();
    await c.page.getByTestId('group-notice').waitFor();
    await c.page.getByTestId(`group-${tid}`).waitFor({ state: 'detached' });

    // Transfer ownership to bob: his header names him as owner, alice loses the owner controls.
    await members.getByLabel('Transfer ownership to').selectOption(bob.username);
    await members.getByRole('button', { name: 'Transfer', exact: true }).click();
    await b.page.getByTestId('conversation-title').locator('xpath=..').getByText(`owner ${bob.username}`).waitFor();
    await members.getByRole('button', { name: 'Leave group' }).waitFor();
    assert.equal(await members.getByRole('button', { name: 'Create link' }).count(), 0);
  } finally {
    await a.context.close();
    await b.context.close();
    await c?.context.close();
  }
});

test('unread badges follow the user: they survive a reload and clear when read in another page', async () => {
  const dave = { username: `dave_${suffix}`, password: 'dave has a password' };
  const erin = { username: `erin_${suffix}`, password: 'erin has one as well' };
  for (const u of [dave, erin]) await register(srv.url, u);
  const d = await signedInPage(dave, '/documents');
  const e = await signedInPage(erin, `/dm/${dave.username}`);
  try {
    const text = `are you there, dave? ${suffix}`;
    await sendAcked(e.page, text);
    await d.page.getByTestId('nav-unread-dm').filter({ hasText: '1' }).waitFor();

    // The count comes from the server: a reload keeps it.
    await d.page.reload();
    await waitConnected(d.page, TIMEOUT);
    await d.page.getByTestId('nav-unread-dm').filter({ hasText: '1' }).waitFor();

    // Dave reads the conversation in a second page: the first page's badge goes too.
    const second = await d.context.newPage();
    await second.goto(`/dm/${erin.username}`);
    await waitConnected(second, TIMEOUT);
    await message(second, text).waitFor();
    await d.page.getByTestId('nav-unread-dm').waitFor({ state: 'detached' });
    await d.page.reload();
    await waitConnected(d.page, TIMEOUT);
    await d.page.getByTestId('nav-dm').waitFor();
    assert.equal(await d.page.getByTestId('nav-unread-dm').count(), 0, 'read stays read after a reload');

    // A new message while the conversation is open in the second page is read at once.
    const more = `one more ${suffix}`;
    await sendAcked(e.page, more);
    await message(second, more).waitFor();
    await d.page.waitForFunction(
      async (peer) => {
        const r = await fetch('/api/unread');
        const body = await r.json();
        return body.ok === true && !body.conversations.some((c) => c.kind === 'dm' && c.peer === peer);
      },
      erin.username,
      { polling: 100 },
    );
    await d.page.getByTestId('nav-unread-dm').waitFor({ state: 'detached' });
  } finally {
    await d.context.close();
    await e.context.close();
  }
});
