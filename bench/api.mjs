// REST latency benchmark for the storage-backed API, on SQLite and on PostgreSQL in one run:
//   node bench/api.mjs            (make bench-api builds first)
// For each backend it starts a release `openchat` with the production password-hashing cost,
// registers and verifies a user, creates zones, then times sequential requests:
//   login       POST /api/v1/auth/login (argon2id verification + a session row + a token)
//   zone list   GET  /api/v1/zones for a member of 20 zones
//   zone        GET  /api/v1/zones/:id with its channels
// and runs openchat-storebench for one history page (50 messages) in a 100,000-message
// channel through the server's job pool. Figures are p50/p99 in ms; a raw JSON copy goes to
// bench/results/api-<time>.json.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const build = path.join(root, process.env.BENCH_BUILD_DIR || 'build-release');
const LOGINS = Number(process.env.BENCH_LOGINS || 30);
const LISTS = Number(process.env.BENCH_LISTS || 500);
const ZONES = 20;

const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { count: s.length, p50_ms: +q(0.5).toFixed(2), p99_ms: +q(0.99).toFixed(2) };
}

async function startServer(env) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openchat-bench-api-'));
  const proc = spawn(
    path.join(build, 'openchat'),
    ['--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir],
    { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(proc);
  let log = '';
  proc.stderr.on('data', (c) => (log += c));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url + '/healthz')).ok) return { proc, url, dataDir, log: () => log };
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`openchat did not start:\n${log}`);
}

function client(url) {
  let cookie = '';
  return async (method, p, body) => {
    const headers = { Origin: url };
    if (cookie) headers.Cookie = cookie;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const t = process.hrtime.bigint();
    const res = await fetch(url + p, { method, headers, body: body && JSON.stringify(body) });
    const text = await res.text();
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const set = res.headers.getSetCookie().find((c) => c.startsWith('oc_session='));
    if (set) cookie = set.split(';')[0];
    if (res.status >= 400) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return { ms, body: text ? JSON.parse(text) : null };
  };
}

/** The code in the newest verification mail (written to the outbox after the commit). */
async function outboxCode(dataDir) {
  const dir = path.join(dataDir, 'outbox');
  for (let i = 0; i < 500; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    if (files.length) {
      const text = fs.readFileSync(path.join(dir, files.sort().pop()), 'utf8');
      return text.match(/code is (\d{6})/)[1];
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no verification mail in the outbox');
}

async function measure(backend, env) {
  const srv = await startServer({
    OPENCHAT_RATE_LIMITS: 'login=1000000/1,register=1000000/1',
    ...env,
  });
  try {
    const api = client(srv.url);
    const password = 'correct horse battery staple';
    await api('POST', '/api/v1/auth/register', {
      username: 'bench',
      email: 'bench@example.test',
      password,
    });
    await api('POST', '/api/v1/auth/verify-email', { code: await outboxCode(srv.dataDir) });
    const zoneIds = [];
    for (let i = 0; i < ZONES; i++)
      zoneIds.push((await api('POST', '/api/v1/zones', { name: `Zone ${i}` })).body.zone.id);
    const login = [];
    for (let i = 0; i < LOGINS; i++)
      login.push((await api('POST', '/api/v1/auth/login', { login: 'bench', password })).ms);
    const list = [];
    for (let i = 0; i < LISTS; i++) list.push((await api('GET', '/api/v1/zones')).ms);
    const one = [];
    for (let i = 0; i < LISTS; i++)
      one.push((await api('GET', `/api/v1/zones/${zoneIds[i % ZONES]}`)).ms);
    return { backend, login: stats(login), zone_list: stats(list), zone: stats(one) };
  } finally {
    srv.proc.kill('SIGTERM');
    fs.rmSync(srv.dataDir, { recursive: true, force: true });
  }
}

const pgDir = `/tmp/openchat-bench-pg-${process.pid}`;
const pg = spawnSync(path.join(root, 'scripts/pg.sh'), ['start', pgDir], { encoding: 'utf8' });
if (pg.status !== 0) throw new Error(`PostgreSQL cluster: ${pg.stderr}`);
const adminUrl = pg.stdout.trim();
process.on('exit', () => spawnSync(path.join(root, 'scripts/pg.sh'), ['stop', pgDir]));
const psql = (db) =>
  spawnSync('psql', [adminUrl, '-qc', `CREATE DATABASE ${db}`], { encoding: 'utf8' });
psql('bench_api');
psql('bench_store');
const dbUrl = (db) => adminUrl.replace('/postgres?', `/${db}?`);

const ops = process.env.OPENCHAT_ARGON2_OPS || '2';
const mem = process.env.OPENCHAT_ARGON2_MEM || '64m';
const argon = { OPENCHAT_ARGON2_OPS: ops, OPENCHAT_ARGON2_MEM: mem };
const results = [
  await measure('sqlite', argon),
  await measure('postgres', { ...argon, DATABASE_URL: dbUrl('bench_api') }),
];
const memBytes = /m$/i.test(mem) ? parseInt(mem, 10) << 20 : parseInt(mem, 10);
const store = spawnSync(
  path.join(build, 'openchat-storebench'),
  ['--pg', dbUrl('bench_store'), '--argon2-ops', ops, '--argon2-mem', String(memBytes)],
  { encoding: 'utf8' },
);
if (store.status !== 0) throw new Error(`storebench: ${store.stderr}`);
const storeJson = JSON.parse(store.stdout);

const row = (label, get) =>
  console.log(
    label.padEnd(44) +
      results.map((r) => `${get(r).p50_ms} / ${get(r).p99_ms}`.padStart(18)).join(''),
  );
console.log(`OpenChat REST/storage latency, p50 / p99 ms (argon2id ops=${ops}, mem=${mem})`);
console.log(''.padEnd(44) + 'sqlite'.padStart(18) + 'postgres'.padStart(18));
row(`POST /auth/login (${LOGINS}x)`, (r) => r.login);
row(`GET /zones, member of ${ZONES} zones (${LISTS}x)`, (r) => r.zone_list);
row(`GET /zones/:id with channels (${LISTS}x)`, (r) => r.zone);
const h = (name) => ({
  sqlite: { p50_ms: storeJson.sqlite[name].p50_us / 1000, p99_ms: storeJson.sqlite[name].p99_us / 1000 },
  postgres: {
    p50_ms: storeJson.postgres[name].p50_us / 1000,
    p99_ms: storeJson.postgres[name].p99_us / 1000,
  },
});
for (const [name, label] of [
  ['history_latest', 'history page: latest 50'],
  ['history_before', 'history page: 50 before a random id'],
  ['history_around', 'history page: around a random id'],
]) {
  const v = h(name);
  console.log(
    `${label} (of ${storeJson.sqlite.messages})`.padEnd(44) +
      `${v.sqlite.p50_ms.toFixed(2)} / ${v.sqlite.p99_ms.toFixed(2)}`.padStart(18) +
      `${v.postgres.p50_ms.toFixed(2)} / ${v.postgres.p99_ms.toFixed(2)}`.padStart(18),
  );
}
console.log(
  `argon2id verification alone`.padEnd(44) +
    `${(storeJson.argon2.verify.p50_us / 1000).toFixed(2)} / ${(storeJson.argon2.verify.p99_us / 1000).toFixed(2)}`.padStart(18),
);
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
const out = path.join(here, 'results', `api-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify({ results, store: storeJson }, null, 2));
console.log(`raw results: ${path.relative(root, out)}`);
