// What the tests of conversations (channels, direct messages, groups) do in a page: find a
// message and send one through the composer.

/** The message whose own text (not a reply quote) contains `text`. */
export function message(page, text) {
  return page.getByTestId('message').filter({ has: page.locator('.msg-body, .msg-edit', { hasText: text }) });
}

export async function send(page, text) {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

/** The composer is empty again once the server acknowledged the send. */
export async function sendAcked(page, text) {
  await send(page, text);
  await page.waitForFunction(() => document.getElementById('composer-input')?.value === '');
}
