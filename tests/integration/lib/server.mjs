// Test harness for the integration suite: starts the real binaries on free ports with a fresh
// data folder, and gives tests connected clients, event waits with timeouts, raw HTTP and
// metrics. Nothing here sleeps for synchronisation: every wait is for an event or a condition
// and fails with a message naming what did not happen.
//
// The binaries come from OPENCHAT_BIN and OPENCHAT_FIXTURE_BIN (scripts/test.sh points them at
// the sanitizer build) and fall back to build/. stop() fails the test if the server does not
// exit 0 on SIGTERM or printed a sanitizer report, which is how memory bugs fail the suite.
// Each server's log is kept in tests/integration/.out/; OPENCHAT_TEST_VERBOSE=1 also streams
// it to stderr while the tests run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');

export const OPENCHAT_BIN = process.env.OPENCHAT_BIN || path.join(repoRoot, 'build/openchat');
export const FIXTURE_BIN =
  process.env.OPENCHAT_FIXTURE_BIN || path.join(repoRoot, 'build/openchat-fixture');

/** Default time a test waits for one thing to happen (sanitizer builds are slow). */
export const WAIT_MS = 5000;

const SANITIZER_REPORTS = [
  'ERROR: AddressSanitizer',
  'ERROR: LeakSanitizer',
  'runtime error:',
  'WARNING: AddressSanitizer',
];

/** A port nobody listens on right now: bind port 0, read it, release it. */
// Every server process started by this file's tests. A test that fails before stopping its
// server would otherwise leave a child that keeps the test file's process (and the whole
// run) waiting forever. Once the file's tests are over, suites' own after hooks get a while
// to stop theirs (the timer does not keep the process alive); whatever is left is killed.
const running = new Set();
after(() => {
  setTimeout(() => {
    for (const proc of running) proc.kill('SIGKILL');
  }, 10000).unref();
});

export async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

/** Resolves when fn() returns a truthy value (checked every `interval` ms). */
export async function waitUntil(fn, { timeout = WAIT_MS, interval = 20, message } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeout} ms waiting until ${message || fn.toString()}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Rejects after ms with a message saying what was awaited; clears its timer otherwise. */
export function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

/**
 * Waits for one `event` on an emitter (socket.io socket or manager, ws, net socket, process).
 * Resolves with the event's arguments as an array.
 */
export function waitFor(emitter, event, { timeout = WAIT_MS, what } = {}) {
  return new Promise((resolve, reject) => {
    const onEvent = (...args) => {
      clearTimeout(timer);
      resolve(args);
    };
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`timed out after ${timeout} ms waiting for ${what || `"${event}"`}`));
    }, timeout);
    emitter.once(event, onEvent);
  });
}

/** Emits with an acknowledgement; resolves with the ack's arguments as an array. */
export function ack(socket, event, ...args) {
  const timeout = WAIT_MS;
  return new Promise((resolve, reject) => {
    socket.timeout(timeout).emit(event, ...args, (err, ...answer) => {
      if (err) reject(new Error(`no acknowledgement for "${event}" within ${timeout} ms`));
      else resolve(answer);
    });
  });
}

/** Writes a small tree of files: {"index.html": "...", "assets/app.js": "..."}. */
export function writeTree(root, files) {
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(root, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

/** Parses Prometheus text into {"name{labels}": number}. */
export function parseMetrics(text) {
  const out = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+)\s+(\S+)$/.exec(line);
    if (!m) throw new Error(`malformed metrics line: ${JSON.stringify(line)}`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

let serverSeq = 0;

/** Keeps each server's log in tests/integration/.out/<test file>.<server>.log (git-ignored). */
function saveLog(name, text) {
  try {
    const dir = path.join(here, '..', '.out');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.basename(process.argv[1] || 'node').replace(/\.[cm]?js$/, '');
    fs.writeFileSync(path.join(dir, `${file}.${name.replace('#', '-')}.log`), text);
  } catch {
    // Logs are a convenience: a read-only checkout must not fail the suite.
  }
}

/**
 * A running server. Create with startServer / startFixture / startOpenchat.
 */
export class Server {
  constructor({ bin, args, env, name }) {
    this.bin = bin;
    this.args = args;
    this.env = env;
    this.name = name;
    this.output = '';
    this.sockets = new Set();
    this.exited = null; // {code, signal} once the process is gone
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The last bytes of the server's log, for failure messages. */
  log(max = 6000) {
    return this.output.length > max ? '...' + this.output.slice(-max) : this.output;
  }

  async start() {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `openchat-it-${process.pid}-`));
    this.tmp = tmp;
    this.dataDir = path.join(tmp, 'data');
    fs.mkdirSync(this.dataDir);
    // A port can be taken between freePort() and the server's bind by a parallel test file:
    // try again with another one.
    for (let attempt = 0; ; attempt++) {
      this.port = await freePort();
      try {
        await this.spawnOnce();
        return this;
      } catch (err) {
        if (attempt >= 3 || !/cannot listen/.test(this.output)) throw err;
      }
    }
  }

  async spawnOnce() {
    this.output = '';
    this.exited = null;
    const args = [...this.args, '--port', String(this.port), '--data-dir', this.dataDir];
    const env = { ...process.env, LOG_LEVEL: 'info', ...this.env };
    const proc = spawn(this.bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    this.pid = proc.pid;
    running.add(proc);
    proc.once('exit', () => running.delete(proc));
    const append = (chunk) => {
      this.output += chunk.toString();
      if (process.env.OPENCHAT_TEST_VERBOSE) process.stderr.write(`[${this.name}] ${chunk}`);
      for (const w of this.logWaiters) w();
    };
    this.logWaiters = new Set();
    proc.stdout.on('data', append);
    proc.stderr.on('data', append);
    this.exitPromise = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        this.exited = { code, signal };
        for (const w of this.logWaiters) w();
        resolve(this.exited);
      });
    });
    // Output streams may still hold the last lines when 'exit' fires: 'close' has them all.
    this.closePromise = once(proc, 'close');
    try {
      await this.waitForLog(/listening on/, { timeout: 15000 });
    } catch (err) {
      if (!this.exited) proc.kill('SIGKILL');
      await this.closePromise;
      throw err;
    }
  }

  /** Resolves when the server's log matches re; rejects on timeout or exit. */
  waitForLog(re, { timeout = WAIT_MS } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = re.exec(this.output);
        if (m) {
          done();
          resolve(m);
        } else if (this.exited) {
          done();
          reject(
            new Error(
              `${this.name} exited (${JSON.stringify(this.exited)}) before logging ${re}:\n${this.log()}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name} did not log ${re} within ${timeout} ms:\n${this.log()}`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        this.logWaiters.delete(check);
      };
      this.logWaiters.add(check);
      check();
    });
  }

  /**
   * A socket.io-client socket on this server: a new Manager (forceNew, fast reconnection),
   * or a namespace on an existing one with `manager`. Other options go to io().
   * Resolves once connected and, unless `welcome: false` (the product has no "welcome"),
   * once the fixture's "welcome" arrived: {socket, welcome}. With `wait: false` it returns
   * {socket} at once, for tests that expect the connect to fail.
   */
  client(opts = {}) {
    const { nsp = '/', manager, wait = true, welcome: expectWelcome = true, ...ioOpts } = opts;
    const socket = manager
      ? manager.socket(nsp, { auth: ioOpts.auth })
      : io(this.url + nsp, {
          forceNew: true,
          reconnectionDelay: 50,
          reconnectionDelayMax: 200,
          randomizationFactor: 0,
          ...ioOpts,
        });
    this.sockets.add(socket);
    if (!wait) return { socket };
    const welcome = expectWelcome
      ? waitFor(socket, 'welcome', { what: `"welcome" on ${nsp}` })
      : null;
    welcome?.catch(() => {}); // reported through the chain below, if the connect succeeded
    const connected = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`socket on ${nsp} did not connect within ${WAIT_MS} ms`)),
        WAIT_MS,
      );
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (err) => {
        clearTimeout(timer);
        reject(new Error(`socket on ${nsp} could not connect: ${err.message}`));
      });
    });
    return connected
      .then(() => welcome)
      .then((args) => ({ socket, welcome: args ? args[0] : undefined }));
  }

  /** GET /metrics parsed. */
  async metrics() {
    const res = await fetch(this.url + '/metrics');
    if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
    return parseMetrics(await res.text());
  }

  async metric(name) {
    const all = await this.metrics();
    if (!(name in all)) throw new Error(`metric ${name} missing from /metrics`);
    return all[name];
  }

  /** Current resident set size of the server process in bytes. */
  rss() {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    if (!m) throw new Error('no VmRSS in /proc/<pid>/status');
    return Number(m[1]) * 1024;
  }

  closeClients() {
    for (const s of this.sockets) {
      s.io.reconnection(false);
      s.disconnect();
      if (s.io.engine) s.io.engine.close();
    }
    this.sockets.clear();
  }

  /** Sends SIGTERM and waits for the exit; rejects unless it exits 0 with a clean log. */
  async stop({ timeout = 15000, closeClients = true } = {}) {
    if (closeClients) this.closeClients();
    try {
      if (!this.exited) {
        this.proc.kill('SIGTERM');
        await withTimeout(this.exitPromise, timeout, `${this.name} to exit after SIGTERM`).catch(
          (err) => {
            this.proc.kill('SIGKILL');
            throw err;
          },
        );
      }
      await this.closePromise;
      this.check();
    } catch (err) {
      err.message += `\n--- ${this.name} log ---\n${this.log()}`;
      throw err;
    } finally {
      fs.rmSync(this.tmp, { recursive: true, force: true });
      saveLog(this.name, this.output);
    }
  }

  /**
   * Kills the process with SIGKILL (no shutdown: whatever was not on disk is lost), then
   * starts it again on the same port and data folder. The first run's log is saved.
   */
  async crashAndRestart() {
    this.closeClients();
    this.proc.kill('SIGKILL');
    await this.closePromise;
    saveLog(`${this.name}-before-crash`, this.output);
    await this.spawnOnce();
  }

  /** Asserts the process exited 0 and printed no sanitizer report. */
  check() {
    const { code, signal } = this.exited;
    for (const marker of SANITIZER_REPORTS) {
      if (this.output.includes(marker))
        throw new Error(`${this.name} printed a sanitizer report ("${marker}")`);
    }
    if (code !== 0 || signal !== null)
      throw new Error(`${this.name} exited with code ${code}, signal ${signal} (expected 0)`);
  }
}

/**
 * Starts a binary with extra args and env; resolves once it logs "listening".
 * kind: "fixture" (openchat-fixture testing) or "openchat".
 */
export async function startServer({ kind = 'fixture', args = [], env = {}, webRoot } = {}) {
  const name = `${kind}#${++serverSeq}`;
  const bin = kind === 'openchat' ? OPENCHAT_BIN : FIXTURE_BIN;
  const all = kind === 'openchat' ? ['--host', '127.0.0.1', ...args] : ['testing', ...args];
  if (webRoot) all.push('--web-root', webRoot);
  let fullEnv = env;
  if (kind === 'openchat') {
    // Password hashing at production cost would make every registration take ~0.1 s of CPU
    // under the sanitizers; tests that measure it set their own values.
    // Every test registers from 127.0.0.1: the production limit of 10 registrations an hour
    // per address would trip across test files. Tests of rate limiting set their own.
    fullEnv = {
      OPENCHAT_ARGON2_OPS: '1',
      OPENCHAT_ARGON2_MEM: '8m',
      OPENCHAT_RATE_LIMITS: 'register=100000/60',
      ...env,
    };
    if (TEST_BACKEND === 'postgres' && !('DATABASE_URL' in env))
      fullEnv.DATABASE_URL = await createPgDatabase(name);
  }
  const server = new Server({ bin, args: all, env: fullEnv, name });
  server.backend = kind === 'openchat' ? TEST_BACKEND : 'none';
  return server.start();
}

/**
 * Which storage backend `openchat` servers use in this run: "sqlite" (default) or
 * "postgres" (scripts/test.sh runs the API suites once per backend and gives the admin URL
 * of a throwaway cluster in OPENCHAT_TEST_PG_URL; every server gets a database of its own).
 */
export const TEST_BACKEND = process.env.OPENCHAT_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

let pgSeq = 0;
async function createPgDatabase(name) {
  const admin = process.env.OPENCHAT_TEST_PG_URL;
  if (!admin) throw new Error('OPENCHAT_TEST_DB=postgres needs OPENCHAT_TEST_PG_URL');
  const db = `oc_${process.pid}_${++pgSeq}`;
  const proc = spawn('psql', [admin, '-qc', `CREATE DATABASE ${db}`], { stdio: 'pipe' });
  let err = '';
  proc.stderr.on('data', (c) => (err += c));
  const [code] = await once(proc, 'exit');
  if (code !== 0) throw new Error(`cannot create database ${db} for ${name}: ${err}`);
  const url = new URL(admin.replace(/^postgresql:/, 'http:'));
  return `postgresql:///${db}${url.search}`;
}

export const startFixture = (opts = {}) => startServer({ ...opts, kind: 'fixture' });
export const startOpenchat = (opts = {}) => startServer({ ...opts, kind: 'openchat' });

// ---- raw HTTP --------------------------------------------------------------------------------

/**
 * A raw TCP connection that parses HTTP/1.1 responses as they arrive, for what fetch()
 * cannot do: pipelining, malformed or partial requests, unnormalised paths.
 */
export class RawHttp {
  static async connect(port) {
    const sock = net.connect(port, '127.0.0.1');
    await waitFor(sock, 'connect', { what: `TCP connect to port ${port}` });
    return new RawHttp(sock);
  }

  constructor(sock) {
    this.sock = sock;
    this.buf = Buffer.alloc(0);
    this.ended = false;
    this.waiters = [];
    sock.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    sock.on('end', () => {
      this.ended = true;
      this.wake();
    });
    sock.on('close', () => {
      this.ended = true;
      this.closed = true;
      this.wake();
    });
    sock.on('error', (err) => {
      this.error = err;
      this.ended = true;
      this.wake();
    });
  }

  wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  write(data) {
    this.sock.write(data);
  }

  changed() {
    return new Promise((r) => this.waiters.push(r));
  }

  /** Reads one response; for HEAD requests pass {head: true} (no body). */
  async response({ timeout = WAIT_MS, head = false } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const res = this.tryParse(head);
      if (res) return res;
      if (this.ended)
        throw new Error(
          `connection ended before a complete response (have ${this.buf.length} bytes: ` +
            `${JSON.stringify(this.buf.toString('latin1').slice(0, 200))})`,
        );
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeout} ms waiting for an HTTP response`);
      await withTimeout(this.changed(), left, 'an HTTP response').catch(() => {});
    }
  }

  tryParse(head) {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return null;
    const lines = this.buf.subarray(0, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.1 (\d{3}) (.*)$/.exec(lines[0]);
    if (!m) throw new Error(`bad status line ${JSON.stringify(lines[0])}`);
    const headers = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      const k = l.slice(0, i).toLowerCase();
      const v = l.slice(i + 1).trim();
      headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
    }
    const status = Number(m[1]);
    let len = 0;
    if (!head && status !== 204 && status !== 304 && status >= 200)
      len = Number(headers['content-length'] ?? NaN);
    if (Number.isNaN(len)) throw new Error('response without Content-Length');
    if (this.buf.length < end + 4 + len) return null;
    const body = this.buf.subarray(end + 4, end + 4 + len);
    this.buf = this.buf.subarray(end + 4 + len);
    return { status, reason: m[2], headers, body: body.toString('utf8'), raw: body };
  }

  /** Resolves when the server closed the connection (FIN or reset). */
  async closedByPeer({ timeout = WAIT_MS } = {}) {
    const deadline = Date.now() + timeout;
    while (!this.ended) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out after ${timeout} ms waiting for the server to close`);
      await withTimeout(this.changed(), left, 'the server to close').catch(() => {});
    }
  }

  close() {
    this.sock.destroy();
  }
}

/** One request on a new connection; resolves with the parsed response. */
export async function rawRequest(port, text, opts) {
  const c = await RawHttp.connect(port);
  try {
    c.write(text);
    return await c.response(opts);
  } finally {
    c.close();
  }
}

/**
 * Records every `event` an emitter gets (each as its argument array) and lets a test wait
 * until the record satisfies a condition.
 */
export class Recorder {
  constructor(emitter, event) {
    this.items = [];
    this.waiters = new Set();
    this.event = event;
    emitter.on(event, (...args) => {
      this.items.push(args);
      for (const w of this.waiters) w();
    });
  }

  /** First arguments of every recorded event. */
  get firsts() {
    return this.items.map((a) => a[0]);
  }

  /** Resolves when pred(items) is true. */
  until(pred, { timeout = WAIT_MS, what } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (pred(this.items)) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(this.items);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `timed out after ${timeout} ms waiting for ${what || `"${this.event}" events`} ` +
              `(have ${this.items.length})`,
          ),
        );
      }, timeout);
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves when some recorded event's first argument is === value. */
  untilFirst(value, opts = {}) {
    return this.until((items) => items.some((a) => a[0] === value), {
      what: `"${this.event}" with ${JSON.stringify(value)}`,
      ...opts,
    });
  }

  /** Resolves when at least n events were recorded. */
  untilCount(n, opts = {}) {
    return this.until((items) => items.length >= n, {
      what: `${n} "${this.event}" events`,
      ...opts,
    });
  }
}

/**
 * An http.Agent for socket.io-client's transports (option `agent`, or per transport with
 * `transportOptions`) whose new TCP connections wait while the gate is closed: a test can
 * hold a client offline, or hold its upgrade, for exactly as long as it needs.
 */
export class GatedAgent extends http.Agent {
  constructor({ open = true } = {}) {
    super();
    this.pending = [];
    this.state = open ? 'open' : 'closed';
    this.attempted = new Promise((r) => (this.onAttempt = r));
  }

  createConnection(options, cb) {
    if (this.state === 'open') return net.createConnection(options);
    this.onAttempt();
    if (this.state === 'failed') {
      process.nextTick(cb, new Error('connection refused by the test'));
      return undefined;
    }
    this.pending.push({ options, cb });
    return undefined;
  }

  /** Connections wait from now on; resolves `attempted` at the next attempt. */
  close() {
    this.state = 'closed';
    this.attempted = new Promise((r) => (this.onAttempt = r));
  }

  open() {
    this.state = 'open';
    for (const { options, cb } of this.pending.splice(0)) cb(null, net.createConnection(options));
  }

  fail() {
    this.state = 'failed';
    for (const { cb } of this.pending.splice(0)) cb(new Error('connection refused by the test'));
  }
}
