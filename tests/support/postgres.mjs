// A real PostgreSQL for the tests that run chatterd in cluster mode (--database).
//
//   const pg = await startPostgres();          // a throw-away server (scripts/test-postgres.sh)
//   const dbUrl = await pg.createDatabase();   // a fresh, empty database on it
//   ... startServer({ database: dbUrl }) ...
//   await pg.halt(); await pg.resume();        // the server goes away and comes back (same port)
//   await pg.stop();                           // stops it and removes its directory
//
// A server that cannot start throws: tests that need one fail, they never skip.

import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'test-postgres.sh');

async function script(...args) {
  try {
    return (await run(SCRIPT, args, { timeout: 120_000 })).stdout.trim();
  } catch (err) {
    throw new Error(`scripts/test-postgres.sh ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

/** Runs SQL on the server's maintenance database with psql. */
async function psql(serverUrl, sql) {
  try {
    await run('psql', ['--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '-qAt', '-d', serverUrl, '-c', sql], {
      timeout: 60_000,
    });
  } catch (err) {
    throw new Error(`psql ${sql}: ${err.stderr || err.message}`);
  }
}

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl, name) {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh database on the server of `serverUrl`; resolves to its URL. */
export async function createDatabase(serverUrl) {
  const name = `chatter_${crypto.randomBytes(6).toString('hex')}`;
  await psql(serverUrl, `CREATE DATABASE ${name}`);
  return databaseUrl(serverUrl, name);
}

export async function startPostgres() {
  const state = path.join(await fsp.mkdtemp(path.join(os.tmpdir(), 'chatter-pg-test-')), 'state');
  const serverUrl = await script('start', state);
  return {
    url: serverUrl,
    createDatabase: () => createDatabase(serverUrl),
    /** Stops the server but keeps its data: a database outage. */
    halt: () => script('halt', state),
    /** Starts a halted server again on the same port. */
    resume: () => script('resume', state),
    async stop() {
      await script('stop', state);
      await fsp.rm(path.dirname(state), { recursive: true, force: true });
    },
  };
}
