// The persisted-message benchmark behind `make bench-chat` (bench/chat.sh builds first, then
// runs this). N signed-in clients in zones of M members post to their zone's general text
// channel; each message is committed to the database, acknowledged to its sender and fanned out
// to the other members as message:new. It measures three systems in one run: OpenChat on
// SQLite, OpenChat on PostgreSQL (a throwaway cluster from scripts/pg.sh) and the Node.js
// reference (bench/reference/chat-server.mjs: socket.io + pg, one INSERT per message). For each:
// the highest offered message rate whose steps all kept p99 send-to-delivery under the limit and
// persisted what was offered, then p50/p99 (and the ack's) at half that rate. It drives
// processes and does arithmetic; every figure comes from openchat-loadgen's JSON. See
// bench/README.md, "The persisted-message benchmark".
//
//   node bench/chat.mjs                        (bench/chat.sh: build, npm, cleanup)
//   node bench/chat.mjs --report FILE          print an earlier run's table again
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setupOpenchat, syntheticPlan } from "./chat-setup.mjs";
import { atExit, envNumber, fmt, freePort, handleInterrupts, runJson, sleep, track, waitExit } from "./lib/procs.mjs";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, "..");
const env = process.env;
const quick = env.BENCH_QUICK === "1";

const cfg = {
  buildDir: path.resolve(root, env.BENCH_BUILD_DIR ?? "build-release"),
  systems: (env.BENCH_CHAT_SYSTEMS || "sqlite,postgres,ref").split(",").map((s) => s.trim()).filter(Boolean),
  clients: envNumber("BENCH_CHAT_CLIENTS", quick ? 100 : 1000),
  zoneSize: envNumber("BENCH_CHAT_ZONE_SIZE", 50),
  payload: envNumber("BENCH_CHAT_PAYLOAD", 44), // bytes of message content, send stamp included
  p99LimitMs: envNumber("BENCH_CHAT_P99_MS", 50),
  rampStart: envNumber("BENCH_CHAT_RAMP_START", quick ? 200 : 100), // messages/s
  rampFactor: envNumber("BENCH_CHAT_RAMP_FACTOR", 1.5),
  rampMax: envNumber("BENCH_CHAT_RAMP_MAX", quick ? 20000 : 200000),
  stepSeconds: envNumber("BENCH_CHAT_STEP_SECONDS", quick ? 1.5 : 3),
  warmupSeconds: envNumber("BENCH_CHAT_WARMUP_SECONDS", quick ? 0.5 : 1.5),
  halfSeconds: envNumber("BENCH_CHAT_HALF_SECONDS", quick ? 2 : 10),
  drainSeconds: envNumber("BENCH_CHAT_DRAIN_SECONDS", 2),
  connectRate: envNumber("BENCH_CHAT_CONNECT_RATE", 1000),
  refPool: envNumber("BENCH_CHAT_REF_POOL", 10),
  dataParent: path.resolve(env.BENCH_CHAT_DATA_DIR || os.tmpdir()), // where data folders go
  loadgenThreads: envNumber("BENCH_LOADGEN_THREADS", 1),
  retries: envNumber("BENCH_CHAT_RETRIES", 1), // reruns of a ramp step failed while others held the CPUs
};

const SYSTEMS = {
  sqlite: { label: "OpenChat/SQLite", short: "sqlite" },
  postgres: { label: "OpenChat/PostgreSQL", short: "postgres" },
  ref: { label: "Node reference", short: "reference" },
};
const bin = (name) => path.join(cfg.buildDir, name);
const log = (line) => console.error(line);

handleInterrupts("bench-chat");

// ---- PostgreSQL: one throwaway cluster for OpenChat's database and the reference's ----

function startPostgres() {
  const dir = env.BENCH_CHAT_PG_DIR || path.join(os.tmpdir(), `openchat-bench-chat-pg-${process.pid}`);
  const pg = spawnSync(path.join(root, "scripts/pg.sh"), ["start", dir], { encoding: "utf8" });
  if (pg.status !== 0) throw new Error(`PostgreSQL cluster: ${pg.stderr.trim()}`);
  atExit(() => spawnSync(path.join(root, "scripts/pg.sh"), ["stop", dir]));
  const admin = pg.stdout.trim();
  const dbUrl = (db) => {
    const r = spawnSync("psql", [admin, "-qc", `CREATE DATABASE ${db}`], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`CREATE DATABASE ${db}: ${r.stderr.trim()}`);
    return admin.replace("/postgres?", `/${db}?`);
  };
  return { dir, dbUrl };
}

// CPU of the whole cluster (postmaster and its children), in µs: PostgreSQL's share of a step's
// work, which the server's own /proc figures leave out.
function postgresCpuUs(pgDir) {
  let master;
  try {
    master = Number(fs.readFileSync(path.join(pgDir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return null;
  }
  const tick = 1e6 / 100; // USER_HZ is 100 on Linux
  let sum = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // f[1] is ppid, f[11]/f[12] utime/stime (fields 4, 14, 15 of stat(5))
      if (Number(pid) === master || Number(f[1]) === master) sum += (Number(f[11]) + Number(f[12])) * tick;
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

// What a commit costs on the disk of the data folders: SQLite commits with synchronous=FULL,
// so every group commit waits for at least one fsync (the PostgreSQL cluster runs fsync=off).
function fsyncBaseline(dir, rounds = 100) {
  const file = path.join(dir, `fsync-probe-${process.pid}`);
  const fd = fs.openSync(file, "w");
  const block = Buffer.alloc(4096, 1);
  const us = [];
  try {
    for (let i = 0; i < rounds; i++) {
      fs.writeSync(fd, block);
      const t = process.hrtime.bigint();
      fs.fsyncSync(fd);
      us.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  us.sort((a, b) => a - b);
  const fstype = spawnSync("stat", ["-f", "-c", "%T", dir], { encoding: "utf8" }).stdout?.trim() || "?";
  return { dir, fstype, rounds, p50_us: us[rounds >> 1], p99_us: us[Math.floor(rounds * 0.99)], max_us: us.at(-1) };
}

// ---- the systems under test ----

const RATE_LIMITS = "message=1000000/1,register=1000000/1,verify=1000000/1,login=1000000/1";

// A system knows how to start its server for a step; prepare() does the one-time set-up and
// writes the client plan.
function openchatSystem(kind, pg) {
  const dataDir = fs.mkdtempSync(path.join(cfg.dataParent, `openchat-bench-chat-${kind}-`));
  atExit(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const serverEnv = {
    ...env,
    LOG_LEVEL: "warn",
    OPENCHAT_RATE_LIMITS: RATE_LIMITS,
    OPENCHAT_ARGON2_OPS: "1",
    OPENCHAT_ARGON2_MEM: "8k",
    // Clients that only listen for a while must not be swept as stale mid-run.
    OPENCHAT_PRESENCE_TIMEOUT_MS: "600000",
  };
  if (kind === "postgres") serverEnv.DATABASE_URL = pg.dbUrl("bench_chat");
  const sys = {
    kind,
    dataDir,
    planFile: path.join(dataDir, "clients.txt"),
    start: async () => {
      const port = await freePort();
      const args = ["--host", "127.0.0.1", "--port", String(port), "--data-dir", dataDir];
      return launch(bin("openchat"), args, serverEnv, port);
    },
    async prepare() {
      const srv = await sys.start();
      try {
        const lines = await setupOpenchat({
          url: `http://127.0.0.1:${srv.port}`,
          dataDir,
          clients: cfg.clients,
          zoneSize: cfg.zoneSize,
          log: (l) => log(`  ${SYSTEMS[kind].label}: ${l}`),
        });
        fs.writeFileSync(sys.planFile, lines.join("\n") + "\n");
      } finally {
        await stop(srv);
      }
    },
  };
  return sys;
}

function referenceSystem(pg) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openchat-bench-chat-ref-"));
  atExit(() => fs.rmSync(dir, { recursive: true, force: true }));
  const planFile = path.join(dir, "clients.txt");
  const dbUrl = pg.dbUrl("bench_ref");
  return {
    kind: "ref",
    planFile,
    start: async () => {
      const port = await freePort();
      const args = [
        path.join(benchDir, "reference", "chat-server.mjs"), "--port", String(port),
        "--clients", planFile, "--database-url", dbUrl, "--pool", String(cfg.refPool),
      ];
      return launch(process.execPath, args, env, port);
    },
    async prepare() {
      fs.writeFileSync(planFile, syntheticPlan({ clients: cfg.clients, zoneSize: cfg.zoneSize }).join("\n") + "\n");
    },
  };
}

async function launch(cmd, args, childEnv, port) {
  const child = track(spawn(cmd, args, { cwd: root, env: childEnv, stdio: ["ignore", "ignore", "pipe"] }));
  let stderr = "";
  child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      // Any HTTP answer means the server listens (the reference has no /healthz: 404 is fine).
      await fetch(url + "/healthz");
      return { child, pid: child.pid, port, stderr: () => stderr };
    } catch {
      await sleep(50);
    }
  }
  child.kill("SIGKILL");
  throw new Error(`${path.basename(cmd)} did not start on port ${port}: ${stderr.trim()}`);
}

async function stop(srv) {
  srv.child.kill("SIGTERM");
  if (!(await waitExit(srv.child, 8000))) {
    srv.child.kill("SIGKILL");
    await waitExit(srv.child, 3000);
  }
}

// ---- steps ----

// A step passes when every client signed in and stayed, every send was acknowledged without
// error, every delivery arrived, the server persisted (acknowledged) at least 95 % of the offered
// rate, and p99 send-to-delivery stayed under the limit.
function verdict(r) {
  const why = [];
  if (r.connect_errors || r.disconnects || r.joined < r.clients)
    why.push(`${r.joined}/${r.clients} signed in, ${r.disconnects} disconnects`);
  if (r.ack_errors) why.push(`${r.ack_errors} ack errors (${r.ack_error})`);
  if (r.lost > 0) why.push(`lost ${r.lost} deliveries`);
  if (r.lost < 0) why.push(`${-r.lost} deliveries more than expected`);
  if (r.persisted_per_s < 0.95 * r.offered_rate) why.push(`persisted only ${r.persisted_per_s.toFixed(0)}/s`);
  if (r.latency_us.p99 >= cfg.p99LimitMs * 1000) why.push(`p99 ${(r.latency_us.p99 / 1000).toFixed(1)} ms`);
  if (r.interrupted) why.push("interrupted");
  return why;
}

// One loadgen run against the running server srv.
async function step(sys, srv, rate, seconds, what, pg) {
  const args = [
    "--port", String(srv.port), "--chat", sys.planFile, "--rate", String(rate),
    "--duration", String(seconds), "--warmup", String(cfg.warmupSeconds),
    "--drain", String(cfg.drainSeconds), "--payload", String(cfg.payload),
    "--connect-rate", String(cfg.connectRate), "--threads", String(cfg.loadgenThreads),
    "--server-pid", String(srv.pid),
  ];
  const timeout = (cfg.clients / cfg.connectRate + cfg.warmupSeconds + seconds + cfg.drainSeconds + 90) * 1000;
  const pgBefore = sys.kind === "ref" || sys.kind === "postgres" ? postgresCpuUs(pg.dir) : null;
  const r = await runJson(bin("openchat-loadgen"), args, timeout);
  const pgAfter = pgBefore == null ? null : postgresCpuUs(pg.dir);
  if (pgBefore != null && pgAfter != null) {
    // Over the whole loadgen run, so per message of every phase.
    r.postgres_cpu_us = pgAfter - pgBefore;
    r.postgres_cpu_per_message_us = r.acks_all_phases ? r.postgres_cpu_us / r.acks_all_phases : null;
  }
  r.failures = verdict(r);
  r.pass = r.failures.length === 0;
  // Refused sends or sign-ins are not a matter of load: a lower rate will not fix them.
  r.broken = r.ack_errors > 0 || r.joined < r.clients;
  if (r.broken) r.server_log_tail = srv.stderr().slice(-1500);
  r.loadgen_bound = r.loadgen_cpu.core_fraction > 0.85;
  const srvCpu = r.server ? (r.server.user_us + r.server.sys_us) / 1e6 / r.window_s : null;
  log(
    `  ${SYSTEMS[sys.kind].label.padEnd(19)} ${what.padEnd(4)} ${fmtRate(rate).padStart(6)} msg/s -> ` +
      `${fmtRate(r.persisted_per_s).padStart(6)}/s persisted, ${fmtRate(r.deliveries_per_s).padStart(6)} deliveries/s, ` +
      `p50/p99 ${ms(r.latency_us.p50)}/${ms(r.latency_us.p99)} ms, ack p99 ${ms(r.ack_latency_us.p99)} ms, ` +
      `server ${srvCpu == null ? "-" : srvCpu.toFixed(2)} cores ` +
      `${r.pass ? "ok" : "FAIL " + r.failures.join(", ")}${r.loadgen_bound ? " (loadgen busy)" : ""}`,
  );
  return r;
}

// Runs fn(srv) with a server of sys started for it, and stops the server afterwards.
async function withServer(sys, fn) {
  const srv = await sys.start();
  try {
    return await fn(srv);
  } finally {
    await stop(srv);
  }
}

// Whether the server or the loadgen waited for a CPU over 5 % of the window: on a shared
// 2-core machine, other processes then decided the latency as much as the server did.
function disturbed(r) {
  const wait = Math.max(r.server?.runq_wait_us ?? 0, r.loadgen_cpu?.runq_wait_us ?? 0);
  return r.window_s > 0 && wait / 1e6 / r.window_s > 0.05;
}

// One ramp step, run again (up to cfg.retries times, on a fresh server, since a failed step
// may leave a backlog behind) when it failed only on latency or rate while disturbed; every
// attempt is kept, the last one decides. Returns the server the next step may use, or null
// when it was stopped.
async function rampStep(sys, srv, rate, what, pg, steps) {
  let r = await step(sys, srv, rate, cfg.stepSeconds, what, pg);
  for (let i = 0; i < cfg.retries && !r.pass && !r.broken && disturbed(r); i++) {
    r.retried = true;
    steps.push(r);
    log(`  (the step waited for a CPU: once more, on a fresh server)`);
    await stop(srv);
    srv = await sys.start();
    await warm(sys, srv, pg);
    r = await step(sys, srv, rate, cfg.stepSeconds, what, pg);
  }
  steps.push(r);
  return srv;
}

// A short unmeasured run at the ramp's first rate, so that a fresh process (the reference's
// JIT above all) is warm when measured.
async function warm(sys, srv, pg) {
  const r = await step(sys, srv, cfg.rampStart, cfg.stepSeconds, "warm", pg);
  r.warmup_only = true;
  return r;
}

// Multiplies the offered rate by rampFactor until a step fails; the best is the last pass. One
// server serves the ramp's steps while they pass (each step connects its clients anew), after a
// warm-up run; a step after a failure gets a fresh server, so no backlog spills over. If the
// very first step fails, it divides instead until one passes (or 1/16 of the start).
async function ramp(sys, pg) {
  const steps = [];
  let best = null;
  let srv = await sys.start();
  try {
    await warm(sys, srv, pg);
    for (let rate = cfg.rampStart; rate <= cfg.rampMax; rate = Math.round(rate * cfg.rampFactor)) {
      srv = await rampStep(sys, srv, rate, "ramp", pg, steps);
      const r = steps.at(-1);
      if (!r.pass) break;
      best = r;
    }
    for (let rate = cfg.rampStart / cfg.rampFactor; !best && !steps.at(-1).broken && rate >= cfg.rampStart / 16; rate /= cfg.rampFactor) {
      await stop(srv);
      srv = await sys.start();
      srv = await rampStep(sys, srv, Math.round(rate), "down", pg, steps);
      if (steps.at(-1).pass) best = steps.at(-1);
    }
  } finally {
    await stop(srv);
  }
  return {
    max_offered_per_s: best ? best.offered_rate : 0,
    max_persisted_per_s: best ? best.persisted_per_s : 0,
    first_failing_per_s: steps.find((r) => !r.pass && !r.retried)?.offered_rate ?? null,
    capped: steps.length > 0 && steps.every((r) => r.pass || r.retried),
    steps,
  };
}

// ---- the table ----

function ms(us) {
  return us == null ? "-" : (us / 1000).toFixed(1);
}

function fmtRate(v) {
  if (v == null) return "-";
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  return v.toFixed(0);
}

function summarize(x) {
  if (!x || x.error) return { error: x?.error };
  const best = x.ramp?.steps?.filter((r) => r.pass).at(-1);
  const h = x.half;
  const cores = (r) => (r?.server ? (r.server.user_us + r.server.sys_us) / 1e6 / r.window_s : null);
  const perMsg = (r) => (r?.server && r.acks_measured ? (r.server.user_us + r.server.sys_us) / r.acks_measured : null);
  return {
    max_persisted_per_s: x.ramp?.max_persisted_per_s ?? null,
    capped: x.ramp?.capped,
    max_deliveries_per_s: best?.deliveries_per_s ?? null,
    max_p99_ms: best ? best.latency_us.p99 / 1000 : null,
    half_rate: h?.offered_rate ?? null,
    half_p50_ms: h ? h.latency_us.p50 / 1000 : null,
    half_p99_ms: h ? h.latency_us.p99 / 1000 : null,
    half_ack_p50_ms: h ? h.ack_latency_us.p50 / 1000 : null,
    half_ack_p99_ms: h ? h.ack_latency_us.p99 / 1000 : null,
    half_server_cores: cores(h),
    half_server_us_per_message: perMsg(h),
    half_postgres_us_per_message: h?.postgres_cpu_per_message_us ?? null,
    half_bytes_per_delivery: h?.bytes_per_delivery ?? null,
    loadgen_max_core: x.ramp?.steps?.length ? Math.max(...x.ramp.steps.map((r) => r.loadgen_cpu.core_fraction)) : null,
  };
}

function report(result) {
  const kinds = result.systems;
  const s = result.summary;
  const ours = kinds.filter((k) => k !== "ref");
  const hasRef = kinds.includes("ref") && s.ref?.max_persisted_per_s;
  const ratioCols = hasRef ? ours.map((k) => `${SYSTEMS[k].short}/ref`) : [];
  const c = result.config;
  const lines = [""];
  lines.push(`OpenChat persisted-message benchmark  ${result.started}`);
  lines.push(
    `${c.clients} clients signed in, zones of ${c.zoneSize} (${Math.ceil(c.clients / c.zoneSize)} zones, ` +
      `all in the general channel), ${c.payload}-byte content, each message to ${c.zoneSize - 1} others`,
  );
  lines.push(
    `ramp x${c.rampFactor} from ${c.rampStart}/s, ${c.stepSeconds} s windows; a step fails at p99 >= ${c.p99LimitMs} ms, ` +
      `under 95% persisted, any loss or ack error`,
  );
  lines.push(`reference: socket.io ${result.env.socket_io} + pg ${result.env.pg} (pool ${c.refPool}), node ${result.env.node}`);
  const fsy = result.env.fsync;
  if (fsy && kinds.includes("sqlite")) {
    lines.push(
      `SQLite (synchronous=FULL) in ${fsy.dir} (${fsy.fstype}): fsync of 4 KiB p50 ${fmt(fsy.p50_us / 1000)} ms, ` +
        `p99 ${fmt(fsy.p99_us / 1000)} ms, max ${fmt(fsy.max_us / 1000)} ms; PostgreSQL cluster: fsync=off`,
    );
  }
  lines.push("");
  const w0 = 46;
  const head = "".padEnd(w0) + kinds.map((k) => SYSTEMS[k].short.padStart(11)).join("") +
    ratioCols.map((h) => h.padStart(14)).join("") + "   target";
  lines.push(head);
  const row = (label, key, show, { ratio = false, target = "", ok = null } = {}) => {
    let line = `  ${label}`.padEnd(w0) + kinds.map((k) => show(s[k]?.[key], s[k]).padStart(11)).join("");
    if (hasRef) {
      line += ours
        .map((k) => (ratio && s[k]?.[key] != null ? fmt(s[k][key] / s.ref[key], 2) : "").padStart(14))
        .join("");
    }
    if (target) {
      const verdicts = ours.map((k) => (s[k]?.[key] == null ? null : ok(s[k][key], hasRef ? s[k][key] / s.ref[key] : null)));
      if (ratio && !hasRef) verdicts.fill(null); // a ratio target needs the reference
      const mark = verdicts.every((v) => v == null) ? "" : verdicts.every((v) => v) ? "ok" : "MISSED";
      line += `   ${target.padEnd(9)} ${mark}`;
    }
    lines.push(line);
  };
  const rate = (v, x) => (v == null ? (x?.error ? "error" : "-") : fmtRate(v) + (x?.capped ? "+" : ""));
  const num2 = (d) => (v) => fmt(v, d);
  row(`max persisted messages/s, p99 < ${c.p99LimitMs} ms`, "max_persisted_per_s", rate, {
    ratio: true,
    target: ">= 5x ref",
    ok: (v, r) => r == null || r >= 5,
  });
  row("  deliveries/s at that rate", "max_deliveries_per_s", (v) => fmtRate(v), { ratio: true });
  row("  p99 delivery ms at that rate", "max_p99_ms", num2(1), { target: `< ${c.p99LimitMs}`, ok: (v) => v < c.p99LimitMs });
  row("half that rate, messages/s", "half_rate", (v) => fmtRate(v));
  row("  p50 delivery ms", "half_p50_ms", num2(2), { ratio: true });
  row("  p99 delivery ms", "half_p99_ms", num2(2), { ratio: true });
  row("  p50 ack ms", "half_ack_p50_ms", num2(2), { ratio: true });
  row("  p99 ack ms", "half_ack_p99_ms", num2(2), { ratio: true });
  row("  server CPU, cores", "half_server_cores", num2(2));
  row("  server CPU per message µs", "half_server_us_per_message", num2(0), { ratio: true });
  row("  PostgreSQL CPU per message µs", "half_postgres_us_per_message", num2(0));
  row("  bytes per delivery (WebSocket frame)", "half_bytes_per_delivery", num2(0));
  row("loadgen busiest share of a core (ramp)", "loadgen_max_core", num2(2));
  const n = notes(result);
  if (n.length) {
    lines.push("");
    lines.push("notes:");
    for (const x of n) lines.push(`  - ${x}`);
  }
  return lines.join("\n");
}

function notes(result) {
  const out = [];
  const steps = [];
  for (const k of result.systems) {
    const x = result.runs[k];
    if (!x) continue;
    if (x.error) out.push(`${SYSTEMS[k].label}: ${x.error}`);
    steps.push(...[...(x.ramp?.steps ?? []), x.half].filter((r) => r?.server));
    const failed = x.ramp?.steps?.find((r) => !r.pass && !r.retried);
    if (failed) out.push(`${SYSTEMS[k].label}: the ramp stopped at ${fmtRate(failed.offered_rate)}/s: ${failed.failures.join(", ")}`);
    const logLine = failed?.server_log_tail?.trim().split("\n").filter((l) => /error/i.test(l)).at(-1);
    if (logLine) out.push(`${SYSTEMS[k].label}: server log: ${logLine.slice(0, 240)}`);
    if (x.ramp?.capped) out.push(`${SYSTEMS[k].label}: the ramp reached BENCH_CHAT_RAMP_MAX without failing ("+")`);
    if (x.half?.failures?.length) out.push(`${SYSTEMS[k].label}: half-rate step: ${x.half.failures.join(", ")}`);
  }
  const waited = steps.filter(disturbed);
  if (waited.length) {
    const retried = steps.filter((r) => r.retried).length;
    out.push(
      `${waited.length} of ${steps.length} steps: the server or the loadgen waited for a CPU over 5% of the window ` +
        `(PostgreSQL and other processes compete on ${result.env.cpus} cores; see runq_wait_us in the JSON)` +
        (retried ? `; ${retried} failed step(s) of them were run again` : ""),
    );
  }
  const bound = steps.filter((r) => r.loadgen_bound).length;
  if (bound) out.push(`${bound} of ${steps.length} steps: the loadgen used over 85% of a core, so it may have limited them`);
  const [l0, l1] = [result.env.loadavg_start[0], result.env.loadavg_end?.[0] ?? 0];
  if (Math.max(l0, l1) > 1.5) out.push(`load average ${l0.toFixed(1)} -> ${l1.toFixed(1)} on ${result.env.cpus} cores: other work was running`);
  return out;
}

// ---- the run ----

function moduleVersion(name) {
  try {
    const p = path.join(benchDir, "reference", "node_modules", name, "package.json");
    return JSON.parse(fs.readFileSync(p, "utf8")).version;
  } catch {
    return "?";
  }
}

async function attempt(fn) {
  try {
    return await fn();
  } catch (e) {
    log(`  error: ${e.message}`);
    return { error: e.message.split("\n")[0].slice(0, 300) };
  }
}

async function main() {
  if (process.argv[2] === "--report") {
    console.log(report(JSON.parse(fs.readFileSync(process.argv[3], "utf8"))));
    return;
  }
  for (const k of cfg.systems) if (!SYSTEMS[k]) throw new Error(`unknown system '${k}' in BENCH_CHAT_SYSTEMS`);
  let kinds = cfg.systems;
  if (env.BENCH_SKIP_OURS === "1" || !fs.existsSync(bin("openchat"))) {
    log(`bench-chat: no usable ${bin("openchat")}: measuring the reference only`);
    kinds = kinds.filter((k) => k === "ref");
  }
  const started = new Date();
  const result = {
    started: started.toISOString(),
    config: cfg,
    env: {
      node: process.version, socket_io: moduleVersion("socket.io"), pg: moduleVersion("pg"),
      cpus: os.cpus().length, kernel: os.release(), loadavg_start: os.loadavg(),
    },
    systems: kinds,
    runs: {},
    summary: {},
  };
  if (kinds.includes("sqlite")) result.env.fsync = fsyncBaseline(cfg.dataParent);
  const pg = kinds.some((k) => k !== "sqlite") ? startPostgres() : null;
  const systems = {};
  for (const k of kinds) {
    log(`bench-chat: set-up of ${SYSTEMS[k].label}`);
    systems[k] = k === "ref" ? referenceSystem(pg) : openchatSystem(k, pg);
    const prepared = await attempt(() => systems[k].prepare());
    result.runs[k] = prepared?.error ? { error: prepared.error } : {};
  }
  for (const k of kinds) {
    if (result.runs[k].error) continue;
    log(`bench-chat: ramp of ${SYSTEMS[k].label}`);
    result.runs[k].ramp = await attempt(() => ramp(systems[k], pg));
    if (result.runs[k].ramp.error) result.runs[k].error = result.runs[k].ramp.error;
  }
  for (const k of kinds) {
    const max = result.runs[k].ramp?.max_offered_per_s;
    if (!max) continue;
    result.runs[k].half = await attempt(() =>
      withServer(systems[k], async (srv) => {
        await warm(systems[k], srv, pg);
        return step(systems[k], srv, Math.round(max / 2), cfg.halfSeconds, "half", pg);
      }),
    );
    if (result.runs[k].half.error) result.runs[k].error = result.runs[k].half.error;
  }
  for (const k of kinds) result.summary[k] = summarize(result.runs[k]);
  result.env.loadavg_end = os.loadavg();
  result.finished = new Date().toISOString();

  const text = report(result);
  result.report = text.split("\n");
  const dir = path.join(benchDir, "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `chat-${started.toISOString().replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
  console.log(text);
  console.log(`\nraw results: ${path.relative(process.cwd(), file)}`);
}

main().catch((e) => {
  console.error(`bench-chat: ${e.stack ?? e.message}`);
  process.exitCode = 1;
});
