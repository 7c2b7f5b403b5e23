// End-to-end messaging in public channels: the real web client (web/dist) against the real
// chatterd, two or three signed-in users in separate browser contexts of Debian's Chromium
// (playwright-core): live messages, history, Markdown, reactions and search, an announcements-only
// channel, the phone layout, and pins (in a DM, a group and, for admins only, a channel).
// Direct messages, groups and unread badges: messaging_private.e2e.test.mjs.
// Run: `npm run build && npm run test:e2e` in web/ (CHATTERD_BIN selects the server binary).
// Nothing here waits for a fixed time: every step waits for a condition in the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  DESKTOP,
  PHONE,
  RUN_SUFFIX,
  SHOT_DIR,
  TIMEOUT,
  apiRequest,
  openSignedInPage,
  register,
  startServerAndBrowser,
  stopServerAndBrowser,
  testAccounts,
  waitConnected,
} from './browser.mjs';
import { message, send, sendAcked } from './conversation.mjs';

let srv;
let browser;
/** Problems seen in any page: uncaught exceptions, CSP violations, JavaScript dialogs. */
const pageProblems = [];
const dialogs = [];

const suffix = RUN_SUFFIX;
const { root: admin, alice, bob, carol } = testAccounts('root', 'alice', 'bob', 'carol');
let adminCookie = '';

function api(method, apiPath, body, cookie = adminCookie) {
  return apiRequest(srv.url, method, apiPath, body, cookie);
}

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
  // The first account is the superadmin; the others are plain users.
  adminCookie = (await register(srv.url, admin)).cookie;
  for (const u of [alice, bob, carol]) await register(srv.url, u);
});

after(() => stopServerAndBrowser({ srv, browser }));

/** A fresh browser context signed in as `user` at `startPath`, realtime connected. */
function signedInPage(user, startPath = '/channels', viewport = DESKTOP) {
  return openSignedInPage(browser, srv.url, pageProblems, user, { path: startPath, viewport, dialogs });
}

test('channel: two users exchange messages live; reply, edit, delete; unread count; ack errors shown', async () => {
  const a = await signedInPage(alice, '/channels/general');
  const b = await signedInPage(bob, '/dm');
  try {
    await a.page.getByTestId('conversation-title').filter({ hasText: '# general' }).waitFor();
    // Both users are in the online list.
    for (const name of [alice.username, bob.username]) {
      await a.page.getByTestId('online-list').getByText(name, { exact: true }).waitFor();
    }

    // Bob is elsewhere: the Channels entry counts the unread message.
    const first = `hello from alice ${suffix}`;
    await sendAcked(a.page, first);
    await message(a.page, first).waitFor();
    await b.page.getByTestId('nav-unread-channels').filter({ hasText: '1' }).waitFor();
    await b.page.getByTestId('nav-channels').click();
    await b.page.getByTestId('conversation-title').filter({ hasText: '# general' }).waitFor();
    await message(b.page, first).waitFor(); // from history
    await b.page.getByTestId('nav-unread-channels').waitFor({ state: 'detached' });

    // Live in the other direction, as a reply.
    await message(b.page, first).hover();
    await message(b.page, first).getByRole('button', { name: /^Reply/ }).click();
    await b.page.getByTestId('replying-to').filter({ hasText: alice.username }).waitFor();
    const reply = `bob answers ${suffix}`;
    await sendAcked(b.page, reply);
    const replyInA = message(a.page, reply);
    await replyInA.waitFor();
    assert.match(await replyInA.getByTestId('message-quote').textContent(), new RegExp(`${alice.username}.*hello from alice`));

    // A plain user may not edit or delete someone else's message.
    assert.equal(await message(b.page, first).getByRole('button', { name: 'Edit' }).count(), 0);
    assert.equal(await message(b.page, first).getByRole('button', { name: 'Delete' }).count(), 0);

    // Alice edits her message: bob sees the new text live.
    await message(a.page, first).hover();
    await message(a.page, first).getByRole('button', { name: 'Edit' }).click();
    const edited = `hello from alice, edited ${suffix}`;
    await a.page.getByLabel('Edit message').fill(edited);
    await a.page.getByLabel('Edit message').press('Enter');
    const editedInB = message(b.page, edited);
    await editedInB.waitFor();
    await editedInB.getByText('(edited)').waitFor();

    // Alice deletes it: it disappears for bob.
    await message(a.page, edited).hover();
    await message(a.page, edited).getByRole('button', { name: 'Delete' }).click();
    await message(a.page, edited).getByRole('button', { name: 'Confirm delete' }).click();
    await message(b.page, edited).waitFor({ state: 'detached' });
    await message(a.page, edited).waitFor({ state: 'detached' });

    // A refused send shows the server's sentence and keeps the draft.
    const limit = await api('POST', '/api/admin/settings', { settings: { SEND_RATE_MAX: '1', SEND_RATE_WINDOW: '3600' } });
    assert.equal(limit.status, 200, JSON.stringify(limit.body));
    try {
      // Alice has sent one message in this window already: the next one is over the limit.
      const over = `over the limit ${suffix}`;
      await send(a.page, over);
      const err = a.page.getByTestId('send-error');
      await err.waitFor();
      assert.ok((await err.textContent()).trim().length > 10, 'a readable error sentence');
      assert.equal(await a.page.getByLabel('Message', { exact: true }).inputValue(), over, 'the draft is kept');
      assert.equal(await message(b.page, over).count(), 0);
    } finally {
      const reset = await api('POST', '/api/admin/settings', { settings: { SEND_RATE_MAX: '20', SEND_RATE_WINDOW: '10' } });
      assert.equal(reset.status, 200, JSON.stringify(reset.body));
    }
    await a.page.screenshot({ path: path.join(SHOT_DIR, 'chatter-messaging-desktop.png') });
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('channel history scrolls back page by page', async () => {
  // 60 messages from a script (more than one page of 50), then the browser scrolls up to the first.
  const login = await api('POST', '/api/auth/login', carol, '');
  assert.equal(login.status, 200);
  const { io } = await import('socket.io-client');
  const sock = io(srv.url, { extraHeaders: { Cookie: login.cookie, Origin: srv.url }, transports: ['websocket'] });
  try {
    await new Promise((resolve, reject) => {
      sock.once('connect', resolve);
      sock.once('connect_error', reject);
    });
    await api('POST', '/api/admin/settings', { settings: { SEND_RATE_MAX: '0' } });
    for (let i = 1; i <= 60; i += 1) {
      const ack = await sock.timeout(TIMEOUT).emitWithAck('send_message', { channel: 'general', text: `history ${i} ${suffix}` });
      assert.equal(ack.ok, true, JSON.stringify(ack));
    }
  } finally {
    sock.close();
    await api('POST', '/api/admin/settings', { settings: { SEND_RATE_MAX: '20' } });
  }
  const a = await signedInPage(alice, '/channels/general');
  try {
    await message(a.page, `history 60 ${suffix}`).waitFor();
    // The first page ends at 50 messages; older ones are not in the DOM yet.
    assert.equal(await message(a.page, `history 1 ${suffix}`).count(), 0);
    // Scroll to the top until the start of the conversation shows.
    await a.page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="message-list"]');
      if (el) el.scrollTop = 0;
      return Boolean(document.querySelector('[data-testid="history-start"]'));
    }, undefined, { polling: 200, timeout: TIMEOUT });
    await message(a.page, `history 1 ${suffix}`).waitFor();
    const texts = await a.page.getByTestId('message').allTextContents();
    const order = texts.map((t) => /history (\d+) /.exec(t)?.[1]).filter(Boolean).map(Number);
    assert.deepEqual(order, Array.from({ length: 60 }, (_, i) => i + 1), 'oldest first, no gaps, no duplicates');
  } finally {
    await a.context.close();
  }
});

test('message text is Markdown rendered inert: no HTML injection, no javascript: links', async () => {
  const a = await signedInPage(alice, '/channels/general');
  const b = await signedInPage(bob, '/channels/general');
  try {
    const img = '<img src=x onerror=alert(1)>';
    const link = '[x](javascript:alert(1))';
    const md = `**bold ${suffix}** and [a link](https://example.com/)`;
    const more = [
      '<script>alert(2)</script>',
      '[y](JaVaScRiPt:alert(3))',
      '<javascript:alert(4)>',
      '[z](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)',
      '![pic](https://example.com/x.png)',
    ];
    for (const t of [img, link, ...more, md]) await sendAcked(a.page, t);
    for (const page of [a.page, b.page]) {
      // The HTML arrives as literal text.
      await message(page, img).waitFor();
      await message(page, `bold ${suffix}`).waitFor();
      const state = await page.evaluate(() => ({
        imgs: document.querySelectorAll('img[onerror], .msg-body img').length,
        jsLinks: document.querySelectorAll('a[href^="javascript:" i], a[href^="data:" i], a[href^="vbscript:" i]').length,
        scripts: [...document.querySelectorAll('.msg-body script, .msg-body iframe, .msg-body style')].length,
        bold: [...document.querySelectorAll('.msg-body strong')].some((el) => el.textContent.includes('bold')),
        safeLink: [...document.querySelectorAll('.msg-body a[href="https://example.com/"]')].map((el) => [el.target, el.rel]),
        xLinks: [...document.querySelectorAll('.msg-body a')].filter((el) => el.textContent === 'x').map((el) => el.getAttribute('href')),
      }));
      assert.equal(state.imgs, 0, 'no <img> elements from message text');
      assert.equal(state.jsLinks, 0, 'no javascript: links');
      assert.equal(state.scripts, 0);
      assert.ok(state.bold, 'Markdown is rendered');
      assert.deepEqual(state.safeLink.at(-1), ['_blank', 'noopener noreferrer']);
      assert.ok(state.xLinks.every((href) => href === null || !/^\s*javascript:/i.test(href)), JSON.stringify(state.xLinks));
      // markdown-it refuses the javascript: URL, so the Markdown stays visible as text.
      await message(page, 'javascript:alert(1)').waitFor();
    }
    assert.deepEqual(dialogs, [], 'no JavaScript dialog may open');
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('reactions show live and after a reload; search finds a message and opens its conversation', async () => {
  const a = await signedInPage(alice, '/channels/general');
  const b = await signedInPage(bob, '/channels/general');
  try {
    const word = `zebra${suffix}`;
    const text = `react to this ${word}`;
    await sendAcked(a.page, text);
    await message(b.page, text).waitFor();

    // Bob reacts with a thumbs up; alice sees it live.
    await message(b.page, text).hover();
    await message(b.page, text).getByRole('button', { name: 'React', exact: true }).click();
    await message(b.page, text).getByRole('button', { name: 'React with 👍' }).click();
    const chipA = message(a.page, text).getByTestId('reaction').filter({ hasText: '👍' });
    await chipA.filter({ hasText: '1' }).waitFor();
    assert.equal(await chipA.getAttribute('aria-pressed'), 'false');
    // Alice adds hers by clicking the chip.
    await chipA.click();
    await chipA.filter({ hasText: '2' }).waitFor();
    assert.equal(await chipA.getAttribute('aria-pressed'), 'true');
    await message(b.page, text).getByTestId('reaction').filter({ hasText: '2' }).waitFor();
    // A fresh page loads the reactions from the server.
    await b.page.reload();
    const chipB = message(b.page, text).getByTestId('reaction').filter({ hasText: '👍' });
    await chipB.filter({ hasText: '2' }).waitFor();
    assert.equal(await chipB.getAttribute('aria-pressed'), 'true');

    // Search from the DM section finds the channel message and links to the channel.
    await b.page.getByTestId('nav-dm').click();
    await b.page.getByLabel('Search messages').fill(word);
    await b.page.getByLabel('Search messages').press('Enter');
    const results = b.page.getByTestId('search-results');
    await results.getByText(text).waitFor();
    await results.getByRole('link', { name: '# general' }).first().click();
    await b.page.getByTestId('conversation-title').filter({ hasText: '# general' }).waitFor();
    await message(b.page, text).waitFor();
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('admin creates an announcements-only channel: users see it live and cannot post', async () => {
  const root = await signedInPage(admin, '/channels/general');
  const a = await signedInPage(alice, '/channels/general');
  try {
    const name = `news-${suffix}`;
    await root.page.getByTestId('new-channel').click();
    const dialog = root.page.getByTestId('channel-dialog');
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Topic').fill('Release notes');
    await dialog.getByLabel(/Announcements only/).check();
    await dialog.getByRole('button', { name: 'Create channel' }).click();
    await root.page.getByTestId('conversation-title').filter({ hasText: `# ${name}` }).waitFor();
    // Plain users get no management buttons.
    assert.equal(await a.page.getByTestId('new-channel').count(), 0);
    assert.equal(await a.page.getByTestId('manage-channel').count(), 0);

    // Alice's list shows the channel without a reload (channel_created).
    await a.page.getByTestId(`channel-${name}`).click();
    await a.page.getByText('Release notes').waitFor();
    await a.page.getByTestId('composer-readonly').filter({ hasText: 'Only administrators' }).waitFor();
    assert.equal(await a.page.getByTestId('composer').count(), 0);

    const post = `version 2 is out ${suffix}`;
    await sendAcked(root.page, post);
    await message(a.page, post).waitFor();
  } finally {
    await root.context.close();
    await a.context.close();
  }
});

test('phone width: list and conversation are separate screens', async () => {
  const a = await signedInPage(alice, '/channels', PHONE);
  try {
    // No channel chosen: the list shows, not a conversation.
    const general = a.page.getByTestId('channel-general');
    await general.waitFor();
    assert.equal(await a.page.getByTestId('composer').count(), 0);
    await general.click();
    await a.page.getByTestId('conversation-title').filter({ hasText: '# general' }).waitFor();
    assert.equal(await general.isVisible(), false, 'the list is hidden while a conversation is open');
    const width = await a.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `no horizontal overflow (${width}px)`);
    await a.page.screenshot({ path: path.join(SHOT_DIR, 'chatter-messaging-phone.png') });
    await a.page.getByRole('link', { name: 'Back to the channel list' }).click();
    await general.waitFor();
  } finally {
    await a.context.close();
  }
});

test('pins: a DM participant pins, the other sees the marker and the pinned panel live, jumps, unpins', async () => {
  const a = await signedInPage(alice, `/dm/${carol.username}`);
  const c = await signedInPage(carol, `/dm/${alice.username}`);
  try {
    const text = `pin this one ${suffix}`;
    await sendAcked(a.page, text);
    await message(c.page, text).waitFor();
    await c.page.getByTestId('pins-button').filter({ hasText: /^\s*Pinned$/ }).waitFor();

    await message(a.page, text).hover();
    await message(a.page, text).getByTestId('pin-message').click();
    await message(a.page, text).getByTestId('pinned-marker').waitFor();
    // Carol's page learns it live: the marker, the count, and the panel.
    await message(c.page, text).getByTestId('pinned-marker').waitFor();
    await c.page.getByTestId('pins-button').filter({ hasText: '(1)' }).click();
    const panel = c.page.getByTestId('pins-panel');
    const pinned = panel.getByTestId('pinned-message');
    await pinned.filter({ hasText: text }).waitFor();
    assert.match(await pinned.textContent(), new RegExp(`Pinned by ${alice.username}`));
    await pinned.getByTestId('jump-to-pinned').click();
    await panel.waitFor({ state: 'detached' });
    assert.ok(await message(c.page, text).isVisible());

    // Unpinning from the panel clears the marker for both.
    await c.page.getByTestId('pins-button').click();
    await c.page.getByTestId('pins-panel').getByTestId('unpin-message').click();
    await c.page.getByTestId('pins-panel').getByText('Nothing is pinned in this conversation.').waitFor();
    await message(a.page, text).getByTestId('pinned-marker').waitFor({ state: 'detached' });
    await c.page.getByTestId('pins-panel').getByRole('button', { name: 'Close' }).click();

    // In public channels only admins pin: a plain user has no Pin action there.
    await a.page.goto('/channels/general');
    await waitConnected(a.page, TIMEOUT);
    await a.page.getByTestId('conversation-title').filter({ hasText: '# general' }).waitFor();
    await a.page.getByTestId('message').first().waitFor();
    assert.equal(await a.page.getByTestId('pin-message').count(), 0);
  } finally {
    await a.context.close();
    await c.context.close();
  }
});

test('pins: the group owner pins; a member sees it in the pinned panel of the group', async () => {
  const owner = await signedInPage(bob, '/groups');
  const member = await signedInPage(carol, '/groups');
  try {
    const login = await api('POST', '/api/auth/login', bob, '');
    assert.ok(login.cookie, 'login sets the session cookie');
    const g = await api('POST', '/api/gdm/threads', { name: `Pinboard ${suffix}`, members: [carol.username] }, login.cookie);
    assert.equal(g.status, 201, JSON.stringify(g.body));
    await owner.page.goto(`/groups/${g.body.id}`);
    await waitConnected(owner.page, TIMEOUT);
    const text = `group pin ${suffix}`;
    await sendAcked(owner.page, text);
    await member.page.goto(`/groups/${g.body.id}`);
    await waitConnected(member.page, TIMEOUT);
    await message(member.page, text).waitFor();
    // Only the owner has the action.
    assert.equal(await message(member.page, text).getByTestId('pin-message').count(), 0);
    await message(owner.page, text).hover();
    await message(owner.page, text).getByTestId('pin-message').click();
    await message(member.page, text).getByTestId('pinned-marker').waitFor();
    await member.page.getByTestId('pins-button').click();
    await member.page.getByTestId('pins-panel').getByTestId('pinned-message').filter({ hasText: text }).waitFor();
    assert.equal(await member.page.getByTestId('pins-panel').getByTestId('unpin-message').count(), 0);
  } finally {
    await owner.context.close();
    await member.context.close();
  }
});

test('no uncaught exceptions, CSP violations or dialogs in the pages', () => {
  assert.deepEqual(pageProblems, []);
  assert.deepEqual(dialogs, []);
});
