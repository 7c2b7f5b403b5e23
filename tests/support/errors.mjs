// The failure envelope of docs/api-auth-contract.md and architecture §6:
//   {"ok": false, "error": "<human sentence>", "code": "<snake_case>"} with the right status.

import assert from 'node:assert/strict';

function show(res) {
  const t = typeof res.text === 'string' ? res.text : JSON.stringify(res.body);
  return `${res.status} ${t && t.length > 500 ? t.slice(0, 500) + '…' : t}`;
}

/** Assert `res` is the JSON failure envelope with this status and code. */
export function assertError(res, status, code) {
  assert.equal(res.status, status, `expected HTTP ${status} ${code}, got ${show(res)}`);
  assert.match(String(res.headers['content-type'] || ''), /application\/json/, `error must be JSON: ${show(res)}`);
  assert.equal(typeof res.body, 'object', `error body must be a JSON object: ${show(res)}`);
  assert.ok(res.body !== null && !Array.isArray(res.body), `error body must be a JSON object: ${show(res)}`);
  assert.equal(res.body.ok, false, `error body must have ok: false: ${show(res)}`);
  assert.equal(res.body.code, code, `expected code ${code}: ${show(res)}`);
  assert.equal(typeof res.body.error, 'string', `error must be a sentence: ${show(res)}`);
  assert.ok(res.body.error.trim().length > 0, `error sentence must not be empty: ${show(res)}`);
  assert.notEqual(res.body.error, res.body.code, `error must be a human sentence, not the code: ${show(res)}`);
  assert.match(res.body.code, /^[a-z][a-z0-9_]*$/, `code must be snake_case: ${show(res)}`);
}

/** Assert a successful JSON answer with ok: true. */
export function assertOk(res, status = 200) {
  assert.equal(res.status, status, `expected HTTP ${status}, got ${show(res)}`);
  assert.match(String(res.headers['content-type'] || ''), /application\/json/, `answer must be JSON: ${show(res)}`);
  assert.equal(res.body?.ok, true, `expected ok: true: ${show(res)}`);
}

export { show };
