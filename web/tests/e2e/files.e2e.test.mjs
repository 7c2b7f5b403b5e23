// End-to-end files (issue #6): the file manager uploads a file with its progress bar and the
// download is byte-identical; an image sent as a channel attachment shows inline for another
// user; `/help` typed in the composer answers in a private line only the sender sees.
// Run: `npm run build && npm run test:e2e` in web/ (CHATTERD_BIN selects the server binary).
// Nothing here waits for a fixed time: every step waits for a condition in the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { RUN_SUFFIX, openSignedInPage, register, startServerAndBrowser, stopServerAndBrowser } from './browser.mjs';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let srv;
let browser;
const problems = [];
const suffix = RUN_SUFFIX;
const users = {
  admin: { username: `root_${suffix}`, password: 'administrator passphrase' },
  alice: { username: `alice_${suffix}`, password: 'correct horse battery' },
  bob: { username: `bob_${suffix}`, password: 'another good password' },
};

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
  for (const u of Object.values(users)) await register(srv.url, u);
});

after(async () => {
  await stopServerAndBrowser({ srv, browser });
  assert.deepEqual(problems, []);
});

function signedInPage(user, startPath) {
  return openSignedInPage(browser, srv.url, problems, user, { path: startPath });
}

/** A DataTransfer in the page holding one file. */
function dataTransfer(page, name, type, bytes) {
  return page.evaluateHandle(
    ({ name: n, type: t, b64 }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], n, { type: t }));
      return dt;
    },
    { name, type, b64: bytes.toString('base64') },
  );
}

test('file manager: upload with progress, download byte-identical, countdown, delete', async () => {
  const { context, page } = await signedInPage(users.alice, '/files');
  try {
    const data = crypto.randomBytes(300_000);
    await page.getByTestId('file-expiry-choice').selectOption(String(3600));
    // Record whether an upload row with its progress bar was ever on screen (it may be brief).
    await page.evaluate(() => {
      window.sawProgress = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="upload-item"] progress')) window.sawProgress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByTestId('file-input').setInputFiles({ name: 'random data.bin', mimeType: 'application/octet-stream', buffer: data });
    const item = page.getByTestId('file-item').filter({ hasText: 'random data.bin' });
    await item.waitFor();
    assert.equal(await page.getByTestId('upload-item').count(), 0, 'the progress row goes away when done');
    assert.equal(await page.evaluate(() => window.sawProgress), true, 'a progress bar was shown while uploading');
    const href = await item.getByTestId('file-link').getAttribute('href');
    assert.match(href, /^\/files\/[0-9a-f]{32}\/random%20data\.bin$/);
    const dl = await fetch(`${srv.url}${href}`);
    assert.equal(dl.status, 200);
    assert.ok(Buffer.from(await dl.arrayBuffer()).equals(data), 'download must be byte-identical');
    // The countdown is live: it shows a remaining time under the chosen hour and changes.
    const expiry = item.getByTestId('file-expiry');
    const first = await expiry.textContent();
    assert.match(first, /^expires in (59 min|1 h 0 min)/);
    await page.waitForFunction((before) => {
      const el = document.querySelector('[data-testid="file-expiry"]');
      return el && el.textContent !== before;
    }, first);

    // Drag and drop onto the upload card.
    const dropped = Buffer.from(`dropped ${suffix}`);
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: await dataTransfer(page, 'dropped.txt', 'text/plain', dropped) });
    const droppedHref = await page.getByTestId('file-item').filter({ hasText: 'dropped.txt' }).getByTestId('file-link').getAttribute('href');
    assert.ok(Buffer.from(await (await fetch(`${srv.url}${droppedHref}`)).arrayBuffer()).equals(dropped));

    // After a reload the file is listed by the server; delete takes two clicks.
    await page.reload();
    await item.waitFor();
    await item.getByTestId('file-delete').click();
    await item.getByTestId('file-delete-confirm').click();
    await item.waitFor({ state: 'detached' });
    assert.equal((await fetch(`${srv.url}${href}`)).status, 404);
  } finally {
    await context.close();
  }
});

test('composer: an attached image shows inline for others; /help answers privately', async () => {
  const a = await signedInPage(users.alice, '/channels/general');
  const b = await signedInPage(users.bob, '/channels/general');
  try {
    await a.page.getByTestId('conversation-title').filter({ hasText: '# general' }).waitFor();
    await b.page.getByTestId('conversation-title').filter({ hasText: '# general' }).waitFor();
    await a.page.getByTestId('composer-file').setInputFiles({ name: `dot-${suffix}.png`, mimeType: 'image/png', buffer: PNG });
    await a.page.getByTestId('attached-name').filter({ hasText: `dot-${suffix}.png` }).waitFor();
    const box = a.page.getByLabel('Message', { exact: true });
    await box.fill(`look ${suffix}`);
    await box.press('Enter');
    await a.page.getByTestId('composer-attachment').waitFor({ state: 'detached' });

    const inB = b.page.getByTestId('message').filter({ hasText: `look ${suffix}` });
    const img = inB.getByTestId('attachment-image').locator('img');
    await img.waitFor();
    await b.page.waitForFunction((el) => el.complete && el.naturalWidth === 1, await img.elementHandle());
    assert.match(await img.getAttribute('src'), new RegExp(`^/files/[0-9a-f]{32}/dot-${suffix}\\.png$`));

    await box.fill('/help');
    await box.press('Enter');
    const note = a.page.getByTestId('command-note');
    await note.filter({ hasText: '/file list' }).waitFor();
    await note.filter({ hasText: 'only you can see this' }).waitFor();
    await a.page.waitForFunction(() => document.getElementById('composer-input')?.value === '');
    // Nothing was posted: bob sees no message and no note, and alice's list has no /help message.
    const marker = `after help ${suffix}`;
    await box.fill(marker);
    await box.press('Enter');
    await b.page.getByTestId('message').filter({ hasText: marker }).waitFor();
    assert.equal(await b.page.getByTestId('command-note').count(), 0);
    assert.equal(await b.page.getByTestId('message').filter({ hasText: '/help' }).count(), 0);
    assert.equal(await a.page.getByTestId('message').filter({ hasText: '/help' }).count(), 0);

    // A file dropped onto the conversation is attached and shows as a download card.
    await a.page.locator('section.conversation').dispatchEvent('drop', {
      dataTransfer: await dataTransfer(a.page, `notes-${suffix}.txt`, 'text/plain', Buffer.from('some notes')),
    });
    await a.page.getByTestId('attached-name').filter({ hasText: `notes-${suffix}.txt` }).waitFor();
    await box.press('Enter');
    const card = b.page.getByTestId('attachment-card').filter({ hasText: `notes-${suffix}.txt` });
    await card.waitFor();
    const cardHref = await card.getAttribute('href');
    assert.equal(await (await fetch(`${srv.url}${cardHref}`)).text(), 'some notes');

    // A pasted image is uploaded and attached.
    await box.focus();
    await box.evaluate(
      (el, dt) => el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true })),
      await dataTransfer(a.page, 'image.png', 'image/png', PNG),
    );
    await a.page.getByTestId('attached-name').filter({ hasText: /^pasted-\d+\.png$/ }).waitFor();
    await box.fill(`pasted ${suffix}`);
    await box.press('Enter');
    await b.page.getByTestId('message').filter({ hasText: `pasted ${suffix}` }).getByTestId('attachment-image').waitFor();

    // A refused command shows its sentence in the same private place.
    await box.fill('/file info nope');
    await box.press('Enter');
    await a.page.getByTestId('command-note').filter({ hasText: /no such file/i }).waitFor();
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
