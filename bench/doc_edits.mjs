// Cost of small edits to a large collaborative document on `chatterd serve` (issue #5): one client
// joins a document of SIZE bytes and sends EDITS one-character `doc_op`s one after another, each
// waiting for its ack (acked = committed). Prints wall time per edit, server CPU per edit
// (/proc/<pid>/stat) and bytes the server wrote to storage per edit (/proc/<pid>/io write_bytes).
//   CHATTERD_BIN=build/bench/chatterd node bench/doc_edits.mjs [size=1000000] [edits=300]
// Uses the tests' harness and npm packages (run `npm ci` in tests/ first).

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from '../tests/support/server.mjs';
import { newUser } from '../tests/support/client.mjs';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { io } = require('socket.io-client');

const size = Number(process.argv[2] ?? 1_000_000);
const edits = Number(process.argv[3] ?? 300);
const ticks = 100; // USER_HZ

function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

function writeBytes(pid) {
  const line = fs.readFileSync(`/proc/${pid}/io`, 'utf8').split('\n').find((l) => l.startsWith('write_bytes'));
  return Number(line.split(' ')[1]);
}

const srv = await startServer();
try {
  const user = await newUser(srv.url, 'bench');
  const created = await user.client.post('/api/doc/create', { name: 'Big', content: 'x'.repeat(size), members: [] });
  if (!created.body.ok) throw new Error(JSON.stringify(created.body));
  const socket = io(srv.url, {
    transports: ['websocket'],
    extraHeaders: { cookie: `chatter_session=${user.client.cookie}`, origin: srv.url },
    reconnection: false,
  });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const join = await socket.timeout(30_000).emitWithAck('doc_join', { doc_id: created.body.id });
  let revision = join.revision;
  const pid = srv.proc.pid;
  const cpu0 = cpuSeconds(pid);
  const bytes0 = writeBytes(pid);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < edits; i++) {
    // Insert one character in the middle: the text grows, as when someone types.
    const at = Math.floor(size / 2) + i;
    const total = size + i;
    const ack = await socket
      .timeout(30_000)
      .emitWithAck('doc_op', { doc_id: created.body.id, revision, op: [at, 'y', total - at] });
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    revision = ack.revision;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = cpuSeconds(pid) - cpu0;
  const written = writeBytes(pid) - bytes0;
  socket.close();
  console.log(
    `RESULT size=${size} edits=${edits} wall_ms_per_edit=${((seconds * 1000) / edits).toFixed(2)} ` +
      `server_cpu_ms_per_edit=${((cpu * 1000) / edits).toFixed(2)} ` +
      `written_kib_per_edit=${(written / 1024 / edits).toFixed(1)}`,
  );
} finally {
  await srv.stop();
}
