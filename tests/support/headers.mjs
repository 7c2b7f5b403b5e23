// Security headers every response must carry (docs/api-auth-contract.md "Rules").

import assert from 'node:assert/strict';

/** The app-page policy of the contract, as {directive: [sources]}. */
export const APP_CSP = parseCsp(
  "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; " +
    "img-src 'self' data: blob:; " +
    "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
    "frame-ancestors 'none'",
);

/** Parse a Content-Security-Policy value into {directive: [sources, sorted]}. */
export function parseCsp(value) {
  const out = {};
  for (const part of String(value || '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (!name) continue;
    out[name.toLowerCase()] = sources.sort();
  }
  return out;
}

/** Assert the headers the contract requires on every response. */
export function assertSecurityHeaders(res, what = '') {
  const h = res.headers;
  const where = `${what} (HTTP ${res.status})`;
  assert.equal(h['x-content-type-options'], 'nosniff', `${where}: X-Content-Type-Options`);
  assert.equal(h['referrer-policy'], 'same-origin', `${where}: Referrer-Policy`);
  assert.equal(h['x-frame-options'], 'DENY', `${where}: X-Frame-Options`);
  assert.equal(h['cross-origin-opener-policy'], 'same-origin', `${where}: Cross-Origin-Opener-Policy`);
  const csp = parseCsp(h['content-security-policy']);
  assert.deepEqual(csp['frame-ancestors'], ["'none'"], `${where}: CSP needs frame-ancestors 'none': ${h['content-security-policy']}`);
  assert.equal(typeof h['x-request-id'], 'string', `${where}: X-Request-Id missing`);
  assert.ok(h['x-request-id'].trim().length > 0, `${where}: X-Request-Id empty`);
}

/** Assert the exact app-page CSP (directive order does not matter). */
export function assertAppCsp(res, what = '') {
  const got = parseCsp(res.headers['content-security-policy']);
  assert.deepEqual(got, APP_CSP, `${what}: app pages need the contract's CSP, got: ${res.headers['content-security-policy']}`);
}
