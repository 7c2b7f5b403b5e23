// Cluster mode (docs/decisions/0007-cluster-bus.md) under test as it is deployed: one Redis, one
// PostgreSQL database and two chatterd nodes on it, each on a free loopback port. The nodes also
// share one data directory, as nodes share it on a network file system for uploaded files.
//
//   const { test, nodes } = useCluster();    // nodes().a, nodes().b: startServer() handles;
//                                            // nodes().redis: startRedis()'s; nodes().pg

import assert from 'node:assert/strict';
import nodeTest from 'node:test';

import { startPostgres } from '../support/postgres.mjs';
import { startRedis } from '../support/redis.mjs';
import { startServer } from '../support/server.mjs';
import { connect, nextEvent } from './messaging_helpers.mjs';

/** Seconds after which a silent node is gone (small, so the crash test is quick). */
export const NODE_TTL_S = 5;

export function useCluster({ args = [] } = {}) {
  const state = { redis: null, pg: null, a: null, b: null };
  nodeTest.before(async () => {
    state.redis = await startRedis();
    state.pg = await startPostgres();
    const database = await state.pg.createDatabase();
    const common = [
      '--redis', state.redis.url,
      '--node-ttl', String(NODE_TTL_S),
      '--register-per-ip-per-hour', '1000',
      ...args,
    ];
    state.a = await startServer({ args: [...common, '--node-id', 'node-a'], database });
    state.b = await startServer({ args: [...common, '--node-id', 'node-b'], database, dataDir: state.a.dataDir });
  });
  nodeTest.after(async () => {
    // B first: A owns the data directory. B may have been killed on purpose (nothing to stop).
    if (state.b && state.b.proc.signalCode !== 'SIGKILL') {
      assert.equal(await state.b.stop(), 0, `node B must exit 0 on SIGTERM; stderr:\n${state.b.logs()}`);
    }
    if (state.a) assert.equal(await state.a.stop(), 0, `node A must exit 0 on SIGTERM; stderr:\n${state.a.logs()}`);
    await state.redis?.stop();
    await state.pg?.stop();
  });

  function test(name, fn) {
    return nodeTest(name, { timeout: 90_000 }, async (t) => {
      try {
        return await fn(t, state);
      } catch (err) {
        const tail = (srv, label) => (srv ? `\n--- ${label} stderr (tail) ---\n${srv.logs().slice(-4000)}` : '');
        if (err && typeof err === 'object' && typeof err.stack === 'string') {
          err.stack += tail(state.a, 'node A') + tail(state.b, 'node B');
        }
        throw err;
      }
    });
  }
  return { test, nodes: () => state };
}

/** Sockets opened by a test, closed when it ends. */
export function sockets(t) {
  const open = [];
  t.after(() => open.forEach((s) => s.close()));
  return async (srv, client) => {
    const s = await connect(srv.url, client);
    open.push(s);
    return s;
  };
}

/** Every payload of the listed events on `socket`, by event name. */
export function recordAll(socket, events) {
  const seen = Object.fromEntries(events.map((e) => [e, []]));
  for (const e of events) socket.on(e, (payload) => seen[e].push(payload));
  return seen;
}

/** Waits for `event` matching `match` on every socket. */
export function everywhere(socketList, event, match) {
  return Promise.all(socketList.map((s) => nextEvent(s, event, match)));
}
