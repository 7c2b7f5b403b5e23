// End-to-end voice: two users in two browser contexts of Debian's Chromium with fake media
// devices join the same voice channel; the WebRTC connection between them reaches `connected`
// and each side receives audio packets (inbound-rtp packetsReceived from getStats) and sees both
// speaking indicators, its own and the other's, light up. Then mute, leave, closing the tab, and
// a DM call started from the conversation header.
// The pages are opened with ?voice-debug, which exposes window.chatterVoice.peers() for getStats.
// Nothing here waits for a fixed time: every step waits for a condition in the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN_SUFFIX, openSignedInPage, register, startServerAndBrowser, stopServerAndBrowser } from './browser.mjs';
import { waitFor } from '../../../tests/support/server.mjs';

const TIMEOUT = 20_000;
const FAKE_MEDIA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

let srv;
let browser;
const pageProblems = [];

const suffix = RUN_SUFFIX;
const admin = { username: `root_${suffix}`, password: 'administrator passphrase' };
const alice = { username: `alice_${suffix}`, password: 'correct horse battery' };
const bob = { username: `bob_${suffix}`, password: 'another good password' };

before(async () => {
  ({ srv, browser } = await startServerAndBrowser({ browserArgs: FAKE_MEDIA }));
  for (const u of [admin, alice, bob]) await register(srv.url, u);
});

after(async () => {
  await stopServerAndBrowser({ srv, browser });
  assert.deepEqual(pageProblems, [], 'no uncaught exceptions or CSP violations in any page');
});

function signedInPage(user, startPath) {
  return openSignedInPage(browser, srv.url, pageProblems, user, { path: startPath, timeout: TIMEOUT });
}

/**
 * Starts recording, in the page, every participant whose speaking indicator lights up. The fake
 * microphone beeps briefly about once a second, so the indicator is on for well under a second
 * each time; a latch in the page sees every change, where polling for the attribute could miss
 * a short one on a loaded machine.
 */
function recordSpeaking(page) {
  return page.evaluate(() => {
    window.__spoke = new Set();
    const scan = () => {
      for (const li of document.querySelectorAll('[data-testid="voice-participant"][data-speaking="true"]')) {
        window.__spoke.add(li.getAttribute('data-username'));
      }
    };
    new MutationObserver(scan).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-speaking'],
    });
    scan();
  });
}

/** Waits until `username`'s speaking indicator has lit up in the page since recordSpeaking. */
async function waitSpoke(page, username) {
  try {
    await page.waitForFunction((name) => window.__spoke.has(name), username, { timeout: TIMEOUT });
  } catch (err) {
    const audio = await page.evaluate(() => window.chatterVoice.audioState()).catch(() => 'unknown');
    throw new Error(`${username}'s speaking indicator never lit (AudioContext ${audio}): ${err.message}`);
  }
}

/** Waits until the call panel lists exactly `names` (in any order). */
async function waitParticipants(page, names) {
  const want = [...names].sort().join(',');
  await page.waitForFunction(
    (expected) =>
      [...document.querySelectorAll('[data-testid="voice-participant"]')]
        .map((li) => li.getAttribute('data-username'))
        .sort()
        .join(',') === expected,
    want,
    { timeout: TIMEOUT },
  );
}

/** Waits until this page has `count` peer connections, all `connected`. */
async function waitConnectedPeers(page, count) {
  await page.waitForFunction(
    (n) => {
      const pcs = window.chatterVoice?.peers() ?? [];
      return pcs.length === n && pcs.every((pc) => pc.connectionState === 'connected');
    },
    count,
    { timeout: TIMEOUT },
  );
}

/** Audio packets each peer connection of the page has received (inbound-rtp, from getStats). */
function audioPackets(page) {
  return page.evaluate(async () => {
    const counts = [];
    for (const pc of window.chatterVoice.peers()) {
      const stats = await pc.getStats();
      let received = 0;
      stats.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') received += s.packetsReceived ?? 0;
      });
      counts.push(received);
    }
    return counts;
  });
}

/** Waits until every peer connection of the page has received audio packets; returns the counts. */
function waitAudioPackets(page) {
  return waitFor(
    async () => {
      const counts = await audioPackets(page);
      return counts.length > 0 && counts.every((c) => c > 0) ? counts : null;
    },
    { timeoutMs: TIMEOUT, intervalMs: 250, what: 'inbound audio packets' },
  );
}

test('two users join one voice channel: connected, audio flows both ways, mute, leave, tab close', async (t) => {
  const a = await signedInPage(alice, '/voice?voice-debug');
  const b = await signedInPage(bob, '/voice?voice-debug');
  try {
    await recordSpeaking(a.page);
    await recordSpeaking(b.page);
    await a.page.getByTestId('voice-channel-general').getByTestId('voice-join').click();
    await waitParticipants(a.page, [alice.username]);
    // Bob's channel list shows Alice in general before he joins.
    await b.page.getByTestId('voice-channel-general').getByText(alice.username).waitFor();
    await b.page.getByTestId('voice-channel-general').getByTestId('voice-join').click();
    await waitParticipants(a.page, [alice.username, bob.username]);
    await waitParticipants(b.page, [alice.username, bob.username]);

    await waitConnectedPeers(a.page, 1);
    await waitConnectedPeers(b.page, 1);
    const atA = await waitAudioPackets(a.page);
    const atB = await waitAudioPackets(b.page);
    assert.ok(atA[0] > 0 && atB[0] > 0, `packets received: alice ${atA}, bob ${atB}`);
    t.diagnostic(`inbound audio packets when first seen: alice ${atA}, bob ${atB}`);
    await a.page
      .locator(`[data-testid="voice-participant"][data-username="${bob.username}"][data-connection="connected"]`)
      .waitFor();

    // The fake microphone beeps: each side's own indicator lights up (local microphone -> WebAudio
    // analyser) and so does the other participant's (received track -> analyser).
    await waitSpoke(b.page, bob.username);
    await waitSpoke(b.page, alice.username);
    await waitSpoke(a.page, alice.username);
    await waitSpoke(a.page, bob.username);

    // Mute shows for the other side.
    await a.page.getByTestId('voice-mute').click();
    await b.page
      .locator(`[data-testid="voice-participant"][data-username="${alice.username}"]`)
      .getByText('muted', { exact: true })
      .waitFor();
    await a.page.getByTestId('voice-mute').filter({ hasText: 'Unmute' }).waitFor();

    // Bob leaves: Alice is alone and her peer connection is closed.
    await b.page.getByTestId('voice-hangup').click();
    await waitParticipants(a.page, [alice.username]);
    await a.page.waitForFunction(() => window.chatterVoice.peers().length === 0);
    await b.page.getByTestId('voice-call').waitFor({ state: 'detached' });

    // Bob joins again and closes his tab: he disappears for Alice.
    await b.page.getByTestId('voice-channel-general').getByTestId('voice-join').click();
    await waitParticipants(a.page, [alice.username, bob.username]);
    await waitConnectedPeers(a.page, 1);
    await b.context.close();
    await waitParticipants(a.page, [alice.username]);
    await a.page.waitForFunction(() => window.chatterVoice.peers().length === 0);
    await a.page.getByTestId('voice-hangup').click();
    await a.page.getByTestId('voice-call').waitFor({ state: 'detached' });
  } finally {
    await a.context.close().catch(() => undefined);
    await b.context.close().catch(() => undefined);
  }
});

test('a DM call from the conversation header: the other side joins from their header', async () => {
  const a = await signedInPage(alice, `/dm/${bob.username}?voice-debug`);
  const b = await signedInPage(bob, `/dm/${alice.username}?voice-debug`);
  try {
    await a.page.getByTestId('call-button').click();
    await a.page.getByTestId('voice-call').getByText(`Call with ${bob.username}`).waitFor();
    await waitParticipants(a.page, [alice.username]);
    // Bob's header turns into "Join call (1)" from the pushed participants.
    await b.page.getByTestId('call-button').filter({ hasText: 'Join call (1)' }).click();
    await waitParticipants(b.page, [alice.username, bob.username]);
    await waitConnectedPeers(a.page, 1);
    await waitConnectedPeers(b.page, 1);
    await waitAudioPackets(b.page);
  } finally {
    await a.context.close().catch(() => undefined);
    await b.context.close().catch(() => undefined);
  }
});
