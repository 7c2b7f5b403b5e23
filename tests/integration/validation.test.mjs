// Registration input rules: usernames, passwords, email. docs/api-auth-contract.md "Rules".
// (Kept apart from auth.test.mjs so that no server sees more registrations than the per-IP
// registration limit allows.)

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, randomName, randomPassword } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';

// Every successful registration counts against --register-per-ip-per-hour; raised so the list
// of cases can grow.
const { test, url } = useServer({ args: ['--register-per-ip-per-hour', '1000'] });

async function refused(username, password, code) {
  const c = new Client(url());
  const res = await c.register(username, password);
  assertError(res, 400, code);
  assert.equal(c.cookie, undefined, `a refused registration (${JSON.stringify(username)}) must not set a cookie`);
  return res;
}

const INVALID_USERNAMES = [
  ['empty', ''],
  ['33 characters', 'a'.repeat(33)],
  ['a space', 'has space'],
  ['HTML', '<script>'],
  ['non-ASCII letters', 'ünïcödé'],
  ['reserved "system"', 'system'],
  ['reserved "SYSTEM" (any case)', 'SYSTEM'],
  ['reserved "Admin" (any case)', 'Admin'],
  ['reserved "root"', 'root'],
  ['reserved "Chatter"', 'Chatter'],
  ['reserved "EVERYONE"', 'EVERYONE'],
  ['reserved "here"', 'here'],
  ['reserved "Null"', 'Null'],
  ['reserved "undefined"', 'undefined'],
  ['a trailing newline', 'name\n'],
  ['a NUL byte', 'na\u0000me'],
  ['a tab', 'na\tme'],
  ['an @', 'name@host'],
  ['a slash', 'a/b'],
  ['full-width letters', 'ａｄｍｉｎ'],
  ['a zero-width space', 'ab\u200bc'],
];

for (const [what, name] of INVALID_USERNAMES) {
  test(`username with ${what} -> 400 invalid_username`, async () => {
    await refused(name, randomPassword(), 'invalid_username');
  });
}

test('a refused username was not created (it cannot sign in)', async () => {
  const c = new Client(url());
  const password = randomPassword();
  assertError(await c.register('has space', password), 400, 'invalid_username');
  assertError(await c.login('has space', password), 401, 'invalid_credentials');
});

test('usernames of exactly 32 characters using every allowed character class are accepted', async () => {
  const name = ('Ab9_.-' + randomName('x')).padEnd(32, 'z').slice(0, 32);
  assert.equal(name.length, 32);
  const c = new Client(url());
  const res = await c.register(name, randomPassword());
  assertOk(res, 201);
  assert.equal(res.body.username, name);
});

test('password of 7 characters -> 400 weak_password', async () => {
  await refused(randomName('weak'), '1234567', 'weak_password');
});

test('empty password -> 400 weak_password', async () => {
  await refused(randomName('weak'), '', 'weak_password');
});

test('password over 1024 characters -> 400 weak_password', async () => {
  await refused(randomName('long'), 'p'.repeat(1025), 'weak_password');
});

test('password of exactly 8 characters is accepted and works for login', async () => {
  const c = new Client(url());
  const username = randomName('eight');
  assertOk(await c.register(username, '12345678'), 201);
  const d = new Client(url());
  assertOk(await d.login(username, '12345678'));
});

test('invalid email -> 400 invalid_email', async () => {
  const c = new Client(url());
  const res = await c.register(randomName('mail'), randomPassword(), { email: 'not an email' });
  assertError(res, 400, 'invalid_email');
  assert.equal(c.cookie, undefined);
});

test('password length counts characters, not bytes: 7 non-ASCII characters -> 400 weak_password', async () => {
  const seven = 'é'.repeat(7); // 14 bytes of UTF-8
  assert.equal(Buffer.byteLength(seven), 14);
  await refused(randomName('utf'), seven, 'weak_password');
});

test('a non-ASCII password of 8 characters is accepted and signs in', async () => {
  const password = 'pässwörd-密码-🔑';
  const username = randomName('utf8');
  assertOk(await new Client(url()).register(username, password), 201);
  assertOk(await new Client(url()).login(username, password));
  assertError(await new Client(url()).login(username, password.normalize('NFD')), 401, 'invalid_credentials');
});

test('a valid email is accepted', async () => {
  const c = new Client(url());
  assertOk(await c.register(randomName('mail'), randomPassword(), { email: 'someone@example.com' }), 201);
});
