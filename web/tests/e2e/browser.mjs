// The one way the e2e tests start a browser: Debian's Chromium through playwright-core, never a
// downloaded build, with the flags this machine's closed network needs.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

/** `extraArgs`: more Chromium flags for one test file (e.g. fake media devices for voice). */
export function launchBrowser({ extraArgs = [] } = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * A fresh context (own cookies and storage) and page on `baseURL`, with uncaught exceptions and
 * CSP violations appended to `problems` so a test can assert none happened.
 */
export async function openWatchedPage(browser, baseURL, problems, { viewport = { width: 1280, height: 800 }, timeout = 15_000 } = {}) {
  const context = await browser.newContext({ viewport, baseURL });
  context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
  });
  return { context, page };
}
