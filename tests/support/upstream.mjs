// A loopback HTTP server that a test file controls: the "internet" chatterd fetches from (channel
// scripts, URL imports), which it may reach only with --fetch-allow-host 127.0.0.1.
//
//   const upstream = useUpstream((req, res) => { res.writeHead(200); res.end('hi'); });
//   ... fetch-by-URL of `${upstream.origin()}/path` ...

import http from 'node:http';
import { after, before } from 'node:test';

/**
 * Serves `handler` on a free loopback port from before() to after() of the calling file.
 * Returns { origin() }: `http://127.0.0.1:<port>` once listening.
 */
export function useUpstream(handler) {
  const server = http.createServer(handler);
  let origin = null;
  before(async () => {
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));
  return { origin: () => origin };
}
