// Test harness: spawns the real chatterd binary on a free port with a fresh data directory.
//
//   const srv = await startServer({ args: ['--login-attempts-per-account', '3'] });
//   ... fetch(srv.url + '/healthz') ...
//   assert.equal(await srv.stop(), 0);
//
// Process contract (docs/api-auth-contract.md): `chatterd serve --listen 127.0.0.1:0 --data-dir DIR
// --web-root DIR` prints `listening on http://127.0.0.1:<port>` on stdout once it accepts
// connections; logs go to stderr; SIGTERM -> graceful stop, exit 0.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import nodeTest from 'node:test';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from './postgres.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const LISTEN_RE = /^listening on (http:\/\/127\.0\.0\.1:(\d+))\s*$/m;
const MAX_LOG_CHARS = 200_000;
const DEFAULT_TEST_TIMEOUT_MS = 90_000;

/** The chatterd binary to test: $CHATTERD_BIN, else the first built preset. */
export function findBinary() {
  if (process.env.CHATTERD_BIN) {
    const bin = path.resolve(process.env.CHATTERD_BIN);
    if (!fs.existsSync(bin)) {
      throw new Error(`CHATTERD_BIN=${process.env.CHATTERD_BIN} does not exist`);
    }
    return bin;
  }
  const candidates = ['asan', 'debug', 'release'].map((p) => path.join(REPO_ROOT, 'build', p, 'chatterd'));
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) {
    throw new Error(
      'no chatterd binary found: set CHATTERD_BIN or build one of\n  ' +
        candidates.join('\n  ') +
        '\n(e.g. `cmake --preset asan && cmake --build --preset asan`)',
    );
  }
  return found;
}

/** The built web client the server is given with --web-root. */
export function webRoot() {
  return process.env.CHATTER_WEB_ROOT || path.join(REPO_ROOT, 'web', 'dist');
}

/** True when the web client has been built (static-file tests need it). */
export function webBuilt() {
  return fs.existsSync(path.join(webRoot(), 'index.html'));
}

function childEnv() {
  return {
    ...process.env,
    // A leak or memory error must give a non-zero exit that stop() reports.
    ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:exitcode=23',
    UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || 'print_stacktrace=1:halt_on_error=1:exitcode=24',
  };
}

function describeExit(code, signal) {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

/**
 * Start chatterd. Options:
 *   args: extra command-line flags (array of strings)
 *   logLevel: --log-level (default 'warn')
 *   keepData: do not delete the data directory on stop()
 *   dataDir: use this existing data directory instead of a fresh one (implies keepData)
 *   database: a PostgreSQL URL for --database (cluster mode); files stay in the data directory
 *
 * With CHATTER_TEST_DATABASE=postgres every server without `database` gets a fresh database on the
 * server of $CHATTER_TEST_POSTGRES_URL, so the whole suite runs against PostgreSQL:
 *   scripts/test-postgres.sh run env CHATTER_TEST_DATABASE=postgres node --test integration/
 */
export async function startServer(opts = {}) {
  const bin = findBinary();
  const ownsDir = !opts.dataDir;
  const database = opts.database || (await suiteDatabase());
  const dataDir = opts.dataDir || (await fsp.mkdtemp(path.join(os.tmpdir(), 'chatter-test-')));
  const keepData = Boolean(opts.keepData) || !ownsDir;

  let logs = '';
  let generation = 0;
  const srv = {
    url: '',
    port: 0,
    dataDir,
    proc: null,
    bin,
    /** Everything the server(s) wrote to stderr (and unexpected stdout), across restarts. */
    logs: () => logs,
    stop,
    restart,
    kill9,
    signal,
    terminate: (sig = 'SIGTERM') => terminate(srv.proc, sig),
    /** Promise of the current process's exit: {code, signal}. */
    exited: null,
  };

  function appendLog(s) {
    logs += s;
    if (logs.length > MAX_LOG_CHARS) logs = '…(truncated)…\n' + logs.slice(-MAX_LOG_CHARS);
  }

  async function launch(port = 0) {
    generation += 1;
    const gen = generation;
    const args = [
      'serve',
      '--listen', `127.0.0.1:${port}`,
      '--data-dir', dataDir,
      '--web-root', webRoot(),
      '--log-level', opts.logLevel || 'warn',
      ...(database ? ['--database', database] : []),
      ...(opts.args || []),
    ];
    appendLog(`\n--- [harness] start #${gen}: ${bin} ${args.join(' ')}\n`);
    const proc = spawn(bin, args, { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    srv.proc = proc;
    let exitInfo = null;
    srv.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        exitInfo = { code, signal };
        appendLog(`--- [harness] process #${gen} ended: ${describeExit(code, signal)}\n`);
        resolve(exitInfo);
      });
    });
    proc.on('error', (err) => appendLog(`--- [harness] spawn error: ${err.message}\n`));
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d) => appendLog(d));

    let stdoutBuf = '';
    const listening = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`chatterd did not print "listening on ..." within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      proc.stdout.setEncoding('utf8');
      proc.stdout.on('data', (d) => {
        stdoutBuf += d;
        const m = LISTEN_RE.exec(stdoutBuf);
        if (m) {
          clearTimeout(timer);
          resolve({ url: m[1], port: Number(m[2]) });
        } else if (stdoutBuf.length > 10_000) {
          appendLog(`--- [harness] unexpected stdout: ${stdoutBuf}\n`);
          stdoutBuf = '';
        }
      });
      srv.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`chatterd exited before listening (${describeExit(code, signal)})`));
      });
      proc.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });

    try {
      const { url, port } = await listening;
      srv.url = url;
      srv.port = port;
    } catch (err) {
      if (!exitInfo) {
        proc.kill('SIGKILL');
        await srv.exited;
      }
      if (ownsDir && !keepData) await fsp.rm(dataDir, { recursive: true, force: true });
      throw new Error(`${err.message}\n--- chatterd stderr ---\n${logs}`);
    }

    // Surface a crash as soon as it happens, not only at stop().
    srv.exited.then(({ code, signal }) => {
      if (srv.proc === proc && !proc.__expectedExit) {
        process.stderr.write(
          `\n[harness] chatterd (pid ${proc.pid}) exited unexpectedly: ${describeExit(code, signal)}\n` +
            `--- chatterd stderr ---\n${logs}\n`,
        );
      }
    });
  }

  /**
   * Send `signal` and wait for the exit (SIGKILL after 10 s). Keeps the data directory.
   * Resolves to {code, signal, timedOut?}.
   */
  async function terminate(proc, signal) {
    if (proc.exitCode !== null || proc.signalCode !== null) return srv.exited;
    proc.__expectedExit = true;
    proc.kill(signal);
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
    });
    const r = await Promise.race([srv.exited, timeout]);
    clearTimeout(timer);
    if (r === 'timeout') {
      appendLog(`--- [harness] no exit ${STOP_TIMEOUT_MS} ms after ${signal}; sending SIGKILL\n`);
      proc.kill('SIGKILL');
      await srv.exited;
      return { code: null, signal: 'SIGKILL', timedOut: true };
    }
    return r;
  }

  /**
   * Graceful stop (SIGTERM; SIGKILL after 10 s). Resolves to the exit code (null when killed by a
   * signal), so callers can `assert.equal(await srv.stop(), 0, srv.logs())`.
   */
  async function stop() {
    const proc = srv.proc;
    let code = null;
    if (proc) {
      const r = await terminate(proc, 'SIGTERM');
      code = r.code;
      if (code !== 0) {
        process.stderr.write(
          `\n[harness] chatterd did not exit cleanly after SIGTERM: ${describeExit(r.code, r.signal)}` +
            `${r.timedOut ? ' (timed out, killed)' : ''}\n--- chatterd stderr ---\n${logs}\n`,
        );
      }
    }
    if (!keepData) await fsp.rm(dataDir, { recursive: true, force: true });
    return code;
  }

  /** Send a signal to the current process, marking its exit as expected. Returns the exit promise. */
  function signal(sig) {
    const proc = srv.proc;
    proc.__expectedExit = true;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(sig);
    return srv.exited;
  }

  /** SIGKILL, no clean-up of the data directory. Resolves when the process is gone. */
  async function kill9() {
    const proc = srv.proc;
    if (!proc) return null;
    proc.__expectedExit = true;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    return srv.exited;
  }

  /**
   * Start again on the same data directory (the port may change unless `samePort`, which clients
   * that reconnect by themselves need; srv.url is updated). If the
   * previous process still runs it is stopped gracefully first; resolves to its exit code
   * (or null if it was already gone / killed).
   */
  async function restart({ samePort = false } = {}) {
    const port = samePort ? srv.port : 0;
    let previous = null;
    const proc = srv.proc;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      previous = (await terminate(proc, 'SIGTERM')).code;
    } else if (proc) {
      previous = proc.exitCode;
    }
    await launch(port);
    return previous;
  }

  await launch();
  return srv;
}

/** A fresh PostgreSQL database when the suite runs against PostgreSQL, else null (SQLite). */
async function suiteDatabase() {
  if (process.env.CHATTER_TEST_DATABASE !== 'postgres') return null;
  if (!process.env.CHATTER_TEST_POSTGRES_URL) {
    throw new Error('CHATTER_TEST_DATABASE=postgres needs CHATTER_TEST_POSTGRES_URL (scripts/test-postgres.sh run ...)');
  }
  return createDatabase(process.env.CHATTER_TEST_POSTGRES_URL);
}

/** Wait until predicate() is truthy (polling), for waiting on a process, never for timing claims. */
export async function waitFor(predicate, { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await predicate();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Per-file helpers: `const { test, srv } = useServer({ args: [...] })` starts one server in
 * before(), stops it in after() asserting exit code 0, and appends the server's stderr to the
 * message of any failing test.
 */
export function useServer(opts = {}) {
  const ref = { srv: null };
  nodeTest.before(async () => {
    ref.srv = await startServer(opts);
  });
  nodeTest.after(async () => {
    if (!ref.srv) return;
    const code = await ref.srv.stop();
    assert.equal(code, 0, `chatterd must exit 0 on SIGTERM; stderr:\n${ref.srv.logs()}`);
  });
  function test(name, ...rest) {
    const fn = rest.pop();
    // A hung server must fail the test, not hang the run.
    const options = { timeout: DEFAULT_TEST_TIMEOUT_MS, ...(rest[0] || {}) };
    return nodeTest(name, options, async (t) => {
      try {
        return await fn(t, ref.srv);
      } catch (err) {
        if (ref.srv && err && typeof err === 'object') {
          const extra = `\n--- chatterd stderr (tail) ---\n${ref.srv.logs().slice(-6000)}\n--- end of stderr ---`;
          try {
            // Reporters print the stack (which embeds the message as it was at construction).
            if (typeof err.stack === 'string') err.stack = `${err.stack}${extra}`;
            else err.message = `${err.message}${extra}`;
          } catch {
            t.diagnostic(extra);
          }
        }
        throw err;
      }
    });
  }
  return {
    test,
    get srv() {
      return ref.srv;
    },
    url: () => ref.srv.url,
  };
}
