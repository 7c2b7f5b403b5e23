// Resident memory per idle Socket.IO connection on the real `chatterd serve` (issue #3): the
// Chatter namespace `/` with its auth middleware and every feature's events, unlike `run.sh idle`,
// which measures the conformance app. One signed-in user opens N WebSocket connections (every
// socket joins its user room and gets the event handlers); prints VmRSS before and after.
//   CHATTERD_BIN=build/bench/chatterd node bench/chatter_idle.mjs [connections=2000]
// Uses the tests' harness and npm packages (run `npm ci` in tests/ first).

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from '../tests/support/server.mjs';
import { newUser } from '../tests/support/client.mjs';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { io } = require('socket.io-client');

const count = Number(process.argv[2] ?? 2000);

function rssKiB(pid) {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'));
  return Number(line.split(/\s+/)[1]);
}

function connect(url, cookie) {
  const socket = io(url, {
    transports: ['websocket'],
    extraHeaders: { cookie: `chatter_session=${cookie}`, origin: url },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const srv = await startServer({ args: ['--io-threads', '1'] });
const sockets = [];
try {
  const user = await newUser(srv.url, 'idle');
  // Warm-up: the first connection allocates what every later one shares.
  sockets.push(await connect(srv.url, user.client.cookie));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = rssKiB(srv.proc.pid);
  for (let i = 0; i < count; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 50); j += 1) batch.push(connect(srv.url, user.client.cookie));
    sockets.push(...(await Promise.all(batch)));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = rssKiB(srv.proc.pid);
  const per = (after - before) / count;
  console.log(`RESULT connections=${count} rss_before_kib=${before} rss_after_kib=${after} kib_per_connection=${per.toFixed(2)}`);
} finally {
  for (const socket of sockets) socket.close();
  await srv.stop();
}
