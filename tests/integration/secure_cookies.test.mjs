// --secure-cookies marks the session cookie Secure (docs/api-auth-contract.md "Session cookie").

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, randomName, randomPassword, setCookies, SESSION_COOKIE } from '../support/client.mjs';
import { assertOk } from '../support/errors.mjs';

const { test, url } = useServer({ args: ['--secure-cookies'] });

test('with --secure-cookies the session cookie is Secure (and still HttpOnly, SameSite=Lax, Path=/)', async () => {
  const c = new Client(url());
  const username = randomName('sec');
  const password = randomPassword();
  const reg = await c.register(username, password);
  assertOk(reg, 201);
  const login = await c.login(username, password);
  assertOk(login);
  for (const [what, res] of [['register', reg], ['login', login]]) {
    const [ck] = setCookies(res).filter((x) => x.name === SESSION_COOKIE);
    assert.ok(ck, `${what}: no session cookie`);
    assert.equal(ck.attrs.secure, true, `${what}: Secure missing: ${ck.raw}`);
    assert.equal(ck.attrs.httponly, true, `${what}: ${ck.raw}`);
    assert.equal(String(ck.attrs.samesite).toLowerCase(), 'lax', `${what}: ${ck.raw}`);
    assert.equal(ck.attrs.path, '/', `${what}: ${ck.raw}`);
  }
  const out = await c.logout();
  const [cleared] = setCookies(out).filter((x) => x.name === SESSION_COOKIE);
  assert.ok(cleared, 'logout must clear the cookie');
  assert.equal(cleared.attrs['max-age'], '0');
  assert.equal(cleared.attrs.secure, true, `the clearing cookie must match the Secure one: ${cleared.raw}`);
});
