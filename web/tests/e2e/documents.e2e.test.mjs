// End-to-end documents (issue #5): the real web client (web/dist) against the real chatterd, users
// in separate browser contexts of Debian's Chromium (playwright-core).
// Run: `npm run build && CHATTERD_BIN=/work/main/build/docs/chatterd npm run test:e2e` in web/.
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
} from './browser.mjs';

let srv;
let browser;
const pageProblems = [];
const dialogs = [];

const suffix = RUN_SUFFIX;
const alice = { username: `alice_${suffix}`, password: 'correct horse battery' };
const bob = { username: `bob_${suffix}`, password: 'another good password' };
const carol = { username: `carol_${suffix}`, password: 'a third fine password' };
const cookies = new Map();

function api(method, apiPath, body, user) {
  return apiRequest(srv.url, method, apiPath, body, user ? cookies.get(user.username) : '');
}

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
  // A throwaway first account takes the superadmin role; the three users are plain users.
  const root = { username: `root_${suffix}`, password: 'administrator passphrase' };
  for (const u of [root, alice, bob, carol]) cookies.set(u.username, (await register(srv.url, u)).cookie);
});

after(() => stopServerAndBrowser({ srv, browser }));

function signedInPage(user, startPath = '/documents', viewport = DESKTOP) {
  return openSignedInPage(browser, srv.url, pageProblems, user, { path: startPath, viewport, dialogs });
}

/** Waits until the editor has joined (subtitle shows a revision) and returns the textarea. */
async function openEditor(page, docId) {
  if (!page.url().endsWith(`/documents/${docId}`)) {
    await page.locator(`[data-testid="doc-link"][data-doc-id="${docId}"]`).click();
  }
  await page.getByTestId('doc-editor').waitFor();
  await page.locator('.doc-editor .conv-subtitle', { hasText: 'Revision' }).waitFor();
  return page.getByTestId('doc-textarea');
}

const value = (page) => page.getByTestId('doc-textarea').inputValue();

let docId = null;

test('create dialog; list with roles; two editors typing at the same time converge with both texts', async () => {
  const a = await signedInPage(alice);
  const b = await signedInPage(bob);
  try {
    // Create through the dialog: name, content, members with roles.
    await a.page.getByTestId('new-doc').click();
    const dlg = a.page.getByTestId('create-doc-dialog');
    await dlg.getByLabel('Name').fill('Meeting Notes');
    await dlg.getByLabel('Initial content (Markdown, optional)').fill('# Meeting Notes\n\nstart\n');
    await dlg.getByRole('button', { name: 'Add member' }).click();
    await dlg.getByLabel('Username 1').fill(bob.username);
    await dlg.getByRole('button', { name: 'Add member' }).click();
    await dlg.getByLabel('Username 2').fill(carol.username);
    await dlg.locator('select').nth(1).selectOption('viewer');
    await dlg.getByRole('button', { name: 'Create document' }).click();
    await a.page.waitForURL(/\/documents\/\d+$/);
    docId = Number(/\/documents\/(\d+)$/.exec(a.page.url())[1]);
    await a.page.locator(`[data-testid="doc-link"][data-doc-id="${docId}"]`).getByTestId('doc-link-role').filter({ hasText: 'creator' }).waitFor();

    // The server agrees on members and roles.
    const members = await api('GET', `/api/doc/${docId}/members`, undefined, alice);
    assert.equal(members.status, 200, JSON.stringify(members.body));
    const roles = Object.fromEntries(members.body.members.map((m) => [m.username, m.role]));
    assert.deepEqual(roles, { [alice.username]: 'creator', [bob.username]: 'editor', [carol.username]: 'viewer' });

    // Bob's list shows it (he was added while his page was open, or after a reload) with his role.
    await b.page.reload();
    await b.page.locator(`[data-testid="doc-link"][data-doc-id="${docId}"]`).getByTestId('doc-link-role').filter({ hasText: 'editor' }).waitFor();

    const ta = await openEditor(a.page, docId);
    const tb = await openEditor(b.page, docId);
    assert.equal(await value(a.page), '# Meeting Notes\n\nstart\n');
    assert.equal(await value(b.page), '# Meeting Notes\n\nstart\n');
    // Presence: each sees the other.
    await a.page.locator(`[data-testid="doc-user"][data-username="${bob.username}"]`).waitFor();
    await b.page.locator(`[data-testid="doc-user"][data-username="${alice.username}"]`).waitFor();
    // The preview is the sanitised Markdown rendering.
    await a.page.getByTestId('doc-preview').locator('h1', { hasText: 'Meeting Notes' }).waitFor();

    // Both type at the same time: Alice at the end, Bob at the start.
    await ta.click();
    await ta.press('Control+End');
    await tb.click();
    await tb.press('Control+Home');
    const wordsA = ' alpha bravo charlie delta echo';
    const wordsB = 'zulu yankee xray whiskey ';
    await Promise.all([ta.pressSequentially(wordsA, { delay: 15 }), tb.pressSequentially(wordsB, { delay: 15 })]);

    const converged = async () => {
      const [va, vb] = await Promise.all([value(a.page), value(b.page)]);
      return va === vb && va.includes(wordsA) && va.includes(wordsB) ? va : null;
    };
    let final = null;
    const deadline = Date.now() + TIMEOUT;
    while (!(final = await converged())) {
      if (Date.now() > deadline) {
        assert.fail(`textareas did not converge:\nalice: ${JSON.stringify(await value(a.page))}\nbob:   ${JSON.stringify(await value(b.page))}`);
      }
      await a.page.waitForTimeout(100);
    }
    assert.equal(final, `${wordsB}# Meeting Notes\n\nstart\n${wordsA}`);
    // Saved on the server too.
    await a.page.locator('.doc-editor .conv-subtitle', { hasText: 'all changes saved' }).waitFor();
    await b.page.locator('.doc-editor .conv-subtitle', { hasText: 'all changes saved' }).waitFor();
    const stored = await api('GET', `/api/doc/${docId}`, undefined, alice);
    assert.equal(stored.body.content, final);

    // The preview follows the live text (both users' words).
    await a.page.getByTestId('doc-preview').filter({ hasText: 'zulu yankee' }).filter({ hasText: 'alpha bravo' }).waitFor();

    // Bob's cursor shows up for Alice with a line and column.
    await tb.press('Control+End');
    await a.page.locator(`[data-testid="doc-user"][data-username="${bob.username}"]`).getByTestId('doc-user-cursor').waitFor();

    // Screenshots: desktop and phone.
    await a.page.screenshot({ path: path.join(SHOT_DIR, 'chatter-documents-desktop.png') });
    const p = await signedInPage(alice, `/documents/${docId}`, PHONE);
    await openEditor(p.page, docId);
    await p.page.screenshot({ path: path.join(SHOT_DIR, 'chatter-documents-phone.png') });
    const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at phone width (overflow ${overflow}px)`);
    await p.context.close();
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('a viewer gets a read-only editor that still follows live edits', async () => {
  assert.ok(docId, 'the first test created the document');
  const c = await signedInPage(carol, `/documents/${docId}`);
  const a = await signedInPage(alice, `/documents/${docId}`);
  try {
    const tc = await openEditor(c.page, docId);
    await c.page.getByTestId('doc-readonly').waitFor();
    assert.equal(await tc.getAttribute('readonly'), '');
    const before = await value(c.page);
    await tc.click();
    await c.page.keyboard.type('viewer typing');
    assert.equal(await value(c.page), before, 'typing does not change a read-only editor');

    const ta = await openEditor(a.page, docId);
    await ta.click();
    await ta.press('Control+End');
    await ta.pressSequentially(' foxtrot');
    await c.page.waitForFunction(() => document.querySelector('[data-testid="doc-textarea"]')?.value.endsWith(' foxtrot'));
    // A viewer's socket edit is refused by the server (role checked there, not only in the UI).
    const r = await api('POST', `/api/doc/${docId}/restore`, { revision: 0 }, carol);
    assert.equal(r.status, 403, JSON.stringify(r.body));
  } finally {
    await a.context.close();
    await c.context.close();
  }
});

test('members dialog: a downgraded member becomes read-only, a removed member is told and loses the editor', async () => {
  assert.ok(docId, 'the first test created the document');
  const a = await signedInPage(alice, `/documents/${docId}`);
  const b = await signedInPage(bob, `/documents/${docId}`);
  try {
    await openEditor(a.page, docId);
    const tb = await openEditor(b.page, docId);
    assert.equal(await tb.getAttribute('readonly'), null);

    await a.page.getByRole('button', { name: 'Members', exact: true }).click();
    const dlg = a.page.getByTestId('doc-members-dialog');
    await dlg.getByTestId('doc-member').filter({ hasText: bob.username }).waitFor();
    await dlg.getByLabel(`Role of ${bob.username}`).selectOption('viewer');
    await b.page.getByTestId('doc-readonly').waitFor();
    await b.page.getByTestId('doc-notice').filter({ hasText: 'viewer' }).waitFor();
    assert.equal(await tb.getAttribute('readonly'), '');

    await dlg.getByRole('button', { name: `Remove ${bob.username}` }).click();
    await b.page.getByTestId('doc-closed').getByTestId('doc-notice').filter({ hasText: 'removed' }).waitFor();
    assert.equal(await b.page.getByTestId('doc-textarea').count(), 0, 'the removed member has no editor any more');
    await b.page.locator(`[data-testid="doc-link"][data-doc-id="${docId}"]`).waitFor({ state: 'detached' });
    const r = await api('GET', `/api/doc/${docId}`, undefined, bob);
    assert.equal(r.status, 404);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('the preview renders Markdown inert: no HTML from the content, no javascript: links', async () => {
  const payload = '# Title\n\n<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>\n\n[click](javascript:window.__pwned=3) **bold**\n';
  const r = await api('POST', '/api/doc/create', { name: 'Inert', content: payload, members: [] }, alice);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const a = await signedInPage(alice, `/documents/${r.body.id}`);
  try {
    await openEditor(a.page, r.body.id);
    const preview = a.page.getByTestId('doc-preview');
    await preview.locator('strong', { hasText: 'bold' }).waitFor();
    assert.equal(await preview.locator('img, script').count(), 0);
    assert.equal(await preview.locator('a[href^="javascript"]').count(), 0);
    assert.equal(await a.page.evaluate(() => window.__pwned ?? null), null);
    assert.ok((await preview.textContent()).includes('<img src=x'), 'the HTML is shown as text');
  } finally {
    await a.context.close();
  }
});

test('history lists revisions and restores an old one; deleting closes open editors', async () => {
  assert.ok(docId, 'the first test created the document');
  const a = await signedInPage(alice, `/documents/${docId}`);
  const c = await signedInPage(carol, `/documents/${docId}`);
  try {
    await openEditor(a.page, docId);
    await openEditor(c.page, docId);
    await a.page.getByRole('button', { name: 'History', exact: true }).click();
    const dlg = a.page.getByTestId('doc-history-dialog');
    await dlg.getByTestId('doc-revision').first().waitFor();
    // Newest first, 50 per page: page back to the first revision (the typing above made many).
    const rev0 = dlg.getByTestId('doc-revision').filter({ hasText: '#0' });
    while ((await rev0.count()) === 0) {
      const older = dlg.getByRole('button', { name: 'Older revisions' });
      const n = await dlg.getByTestId('doc-revision').count();
      await older.click();
      await dlg.getByTestId('doc-revision').nth(n).waitFor();
    }
    await rev0.getByRole('button', { name: 'View' }).click();
    await dlg.getByTestId('doc-revision-text').filter({ hasText: 'start' }).waitFor();
    await rev0.getByRole('button', { name: 'Restore' }).click();
    await dlg.getByRole('status').filter({ hasText: 'restored' }).waitFor();
    // Both open editors now hold the created content again.
    for (const page of [a.page, c.page]) {
      await page.waitForFunction(() => document.querySelector('[data-testid="doc-textarea"]')?.value === '# Meeting Notes\n\nstart\n');
    }
    await dlg.getByRole('button', { name: 'Close' }).click();

    // Export links point at the export route.
    const href = await a.page.locator('.doc-export-menu a', { hasText: 'HTML' }).getAttribute('href');
    assert.equal(href, `/api/doc/${docId}/export?format=html`);

    const del = await api('POST', `/api/doc/${docId}/delete`, {}, alice);
    assert.equal(del.status, 200, JSON.stringify(del.body));
    await c.page.getByTestId('doc-closed').getByTestId('doc-notice').filter({ hasText: 'deleted' }).waitFor();
    assert.equal(await c.page.getByTestId('doc-textarea').count(), 0);
  } finally {
    await a.context.close();
    await c.context.close();
  }
  assert.deepEqual(pageProblems, []);
  assert.deepEqual(dialogs, []);
});
