// Resident memory per idle Socket.IO connection on the real `chatterd serve` (issue #3): the
// Chatter namespace `/` with its auth middleware and every feature's events, unlike `run.sh idle`,
// which measures the conformance app. USERS signed-in users open N WebSocket connections between
// them (every socket joins its user room and gets the event dispatcher); prints VmRSS before and
// after the connections (the users and their sessions exist before the first reading).
//   CHATTERD_BIN=build/bench/chatterd node bench/chatter_idle.mjs [connections=2000] [users=1] [headers=node]
// headers=browser adds the request headers Chromium sends with a WebSocket upgrade (User-Agent,
// Accept-Language, Cache-Control...), which a server may keep per connection.
// Uses the tests' harness and npm packages (run `npm ci` in tests/ first).

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from '../tests/support/server.mjs';
import { newUser } from '../tests/support/client.mjs';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { io } = require('socket.io-client');

const count = Number(process.argv[2] ?? 2000);
const userCount = Number(process.argv[3] ?? 1);
const headerSet = process.argv[4] ?? 'node';

const kBrowserHeaders = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-GB,en-US;q=0.9,en;q=0.8',
  'cache-control': 'no-cache',
  pragma: 'no-cache',
};

function rssKiB(pid) {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'));
  return Number(line.split(/\s+/)[1]);
}

function connect(url, cookie) {
  const socket = io(url, {
    transports: ['websocket'],
    extraHeaders: {
      ...(headerSet === 'browser' ? kBrowserHeaders : {}),
      cookie: `chatter_session=${cookie}`,
      origin: url,
    },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const srv = await startServer({ args: ['--io-threads', '1', '--register-per-ip-per-hour', String(userCount + 10)] });
const sockets = [];
try {
  const users = [];
  for (let i = 0; i < userCount; i += 20) {
    const batch = [];
    for (let j = i; j < Math.min(userCount, i + 20); j += 1) batch.push(newUser(srv.url, 'idle'));
    users.push(...(await Promise.all(batch)));
  }
  const cookieOf = (i) => users[i % users.length].client.cookie;
  // Warm-up: the first connection allocates what every later one shares.
  sockets.push(await connect(srv.url, cookieOf(0)));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = rssKiB(srv.proc.pid);
  for (let i = 0; i < count; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 50); j += 1) batch.push(connect(srv.url, cookieOf(j + 1)));
    sockets.push(...(await Promise.all(batch)));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = rssKiB(srv.proc.pid);
  const per = (after - before) / count;
  console.log(`RESULT connections=${count} users=${userCount} headers=${headerSet} rss_before_kib=${before} rss_after_kib=${after} kib_per_connection=${per.toFixed(2)}`);
} finally {
  // Server first: 2,000 users going offline one by one would each tell every remaining socket
  // (user_list_refresh), which is n² frames to drain before the server could stop.
  await srv.stop();
  for (const socket of sockets) socket.close();
}
