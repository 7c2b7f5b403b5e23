// Shared helpers for the custom channel integration tests (docs/custom-channels.md): a loopback
// HTTP server the test controls, serving channel scripts (chatterd may fetch from it only because
// of --fetch-allow-host 127.0.0.1), and registration through the test client.

import assert from 'node:assert/strict';
import { useUpstream } from '../support/upstream.mjs';

export const MAX_SCRIPT = 512 * 1024;

/**
 * Starts a script server before the file's tests. `scripts` maps a path to its body (a string,
 * or a function returning one, read on every request). Returns { origin(), hits(path) }.
 */
export function scriptServer(scripts) {
  const hits = new Map();
  const upstream = useUpstream((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const entry = scripts[path];
    if (entry === undefined) {
      res.writeHead(404);
      res.end('not here');
      return;
    }
    const body = typeof entry === 'function' ? entry() : entry;
    res.writeHead(200, { 'Content-Type': 'text/javascript' });
    res.end(body);
  });
  return { origin: upstream.origin, hits: (path) => hits.get(path) ?? 0 };
}

/** Registers a channel and asserts success; returns the channel object from the answer. */
export async function registerChannel(client, url, name = 'Test channel', extra = {}) {
  const res = await client.post('/api/channels/custom/register', { url, name, ...extra });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.ok, true);
  assert.equal(typeof res.body.id, 'number');
  assert.equal(res.body.channel.id, res.body.id);
  return res.body.channel;
}
