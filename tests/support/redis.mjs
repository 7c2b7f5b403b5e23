// A throw-away redis-server for tests, through scripts/test-redis.sh (the script the C++ unit
// tests use): 127.0.0.1 only, a free port, no persistence, a directory of its own. Starting
// throws when Redis cannot start, so a test that needs it fails instead of skipping.
//
//   const redis = await startRedis();   // redis.url = 'redis://127.0.0.1:<port>'
//   ...
//   await redis.stop();

import { execFile } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT } from './server.mjs';

const run = promisify(execFile);
const SCRIPT = path.join(REPO_ROOT, 'scripts', 'test-redis.sh');

export async function startRedis() {
  const parent = await fsp.mkdtemp(path.join(os.tmpdir(), 'chatter-redis-'));
  const dir = path.join(parent, 'redis');
  try {
    await run(SCRIPT, ['start', dir]);
  } catch (err) {
    await fsp.rm(parent, { recursive: true, force: true });
    throw new Error(`Redis did not start (${SCRIPT} start): ${err.stderr || err.message}`);
  }
  const url = (await fsp.readFile(path.join(dir, 'url'), 'utf8')).trim();
  return {
    url,
    /** Stops the server (its data is gone: no persistence) and starts it again on the same port. */
    async restart() {
      await run(SCRIPT, ['restart', dir]);
    },
    /** Stops the server and removes its directory. */
    async stop() {
      await run(SCRIPT, ['stop', dir]).catch(() => {});
      await fsp.rm(parent, { recursive: true, force: true });
    },
  };
}
