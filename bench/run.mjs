// Orchestrates the fan-out benchmark (bench/run.sh builds first, then runs this). For each
// scenario it runs our server and the socket.io reference one at a time under the same load
// from openchat-loadgen, each on a fresh process and a free port, and reports ratios: CPU per
// delivery (user and kernel), the highest delivery rate with p99 under the limit, latency at
// half that rate, RSS per idle connection, and the kernel's own cost of the writes (from
// openchat-sendcost, measured in the same run). It only drives processes and does arithmetic:
// every figure comes from the loadgen's and sendcost's JSON. See bench/README.md.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { envNumber, fmt, freePort, handleInterrupts, runJson, sleep, track, waitExit } from "./lib/procs.mjs";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, "..");
const env = process.env;
const quick = env.BENCH_QUICK === "1";

function list(name, fallback) {
  const v = env[name];
  return v ? v.split(",").map((s) => s.trim()).filter(Boolean) : fallback;
}

// Every knob has an environment variable; BENCH_QUICK=1 shrinks the run to a smoke test.
const cfg = {
  buildDir: path.resolve(root, env.BENCH_BUILD_DIR ?? "build-release"),
  servers: list("BENCH_SERVERS", ["ours", "ref"]),
  clients: envNumber("BENCH_CLIENTS", quick ? 200 : 1000),
  roomSizes: list("BENCH_ROOM_SIZES", ["10", "100"]).map(Number),
  idleClients: envNumber("BENCH_IDLE_CLIENTS", quick ? 1000 : 10000),
  idleRoomSize: envNumber("BENCH_IDLE_ROOM_SIZE", 10),
  cpuRate: envNumber("BENCH_CPU_RATE", quick ? 5000 : 20000), // deliveries/s for the CPU figure
  cpuSeconds: envNumber("BENCH_CPU_SECONDS", quick ? 2 : 20), // long: /proc splits user/kernel by tick samples
  stepSeconds: envNumber("BENCH_STEP_SECONDS", quick ? 1.5 : 3),
  warmupSeconds: envNumber("BENCH_WARMUP_SECONDS", quick ? 0.5 : 1.5),
  drainSeconds: envNumber("BENCH_DRAIN_SECONDS", 2),
  p99LimitMs: envNumber("BENCH_P99_MS", 100),
  rampStart: envNumber("BENCH_RAMP_START", 20000), // deliveries/s of the first ramp step
  rampMax: envNumber("BENCH_RAMP_MAX", quick ? 400000 : 4000000),
  bisections: envNumber("BENCH_BISECTIONS", quick ? 2 : 4),
  payload: envNumber("BENCH_PAYLOAD", 44),
  connectRate: envNumber("BENCH_CONNECT_RATE", 5000),
  idleConnectRate: envNumber("BENCH_IDLE_CONNECT_RATE", 2000),
  loadgenThreads: envNumber("BENCH_LOADGEN_THREADS", 1),
  sendcostFrames: envNumber("BENCH_SENDCOST_FRAMES", quick ? 20000 : 100000),
};

const bin = (name) => path.join(cfg.buildDir, name);
const SERVERS = {
  ours: {
    label: "ours",
    cmd: env.BENCH_OURS_BIN ? path.resolve(env.BENCH_OURS_BIN) : bin("openchat-fixture"),
    args: (port) => ["bench", "--port", String(port)],
  },
  ref: {
    label: "reference",
    cmd: process.execPath,
    args: (port) => [path.join(benchDir, "reference", "server.mjs"), "--port", String(port)],
  },
};

handleInterrupts("bench");

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: "127.0.0.1" });
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });
}

async function startServer(kind) {
  const def = SERVERS[kind];
  const port = await freePort();
  const child = track(
    spawn(def.cmd, def.args(port), { cwd: root, stdio: ["ignore", "ignore", "pipe"] }),
  );
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await canConnect(port)) return { kind, child, pid: child.pid, port, stderr: () => stderr };
    await sleep(50);
  }
  child.kill("SIGKILL");
  throw new Error(`${def.label} server did not start on port ${port}: ${stderr.trim()}`);
}

async function stopServer(srv) {
  srv.child.kill("SIGTERM");
  if (!(await waitExit(srv.child, 3000))) {
    srv.child.kill("SIGKILL");
    await waitExit(srv.child, 3000);
  }
}

// ---- measurements ----

async function sendcost() {
  const args = ["--frames", String(cfg.sendcostFrames), "--rounds", "3", "--connections", String(cfg.clients)];
  return runJson(bin("openchat-sendcost"), args, 120000);
}

function loadArgs(srv, roomSize, deliveriesPerSec, seconds) {
  return [
    "--port", String(srv.port), "--clients", String(cfg.clients),
    "--room-size", String(roomSize), "--rate", String(deliveriesPerSec / roomSize),
    "--duration", String(seconds), "--warmup", String(cfg.warmupSeconds),
    "--drain", String(cfg.drainSeconds), "--payload", String(cfg.payload),
    "--connect-rate", String(cfg.connectRate), "--threads", String(cfg.loadgenThreads),
    "--server-pid", String(srv.pid),
  ];
}

// A step passes when every client stayed connected, nothing was lost, the loadgen sent what
// was asked, and p99 stayed under the limit.
function verdict(r) {
  const why = [];
  if (r.connect_errors || r.disconnects) why.push(`${r.connect_errors} connect errors, ${r.disconnects} disconnects`);
  if (r.lost > 0) why.push(`lost ${r.lost}`);
  if (r.sent_rate < 0.95 * r.offered_rate) why.push(`sent only ${r.sent_rate.toFixed(0)}/s`);
  if (r.latency_us.p99 >= cfg.p99LimitMs * 1000) why.push(`p99 ${(r.latency_us.p99 / 1000).toFixed(1)} ms`);
  if (r.interrupted) why.push("interrupted");
  return why;
}

async function loadStep(kind, roomSize, deliveriesPerSec, seconds, what) {
  const srv = await startServer(kind);
  try {
    const timeout = (cfg.clients / cfg.connectRate + cfg.warmupSeconds + seconds + cfg.drainSeconds + 90) * 1000;
    const r = await runJson(bin("openchat-loadgen"), loadArgs(srv, roomSize, deliveriesPerSec, seconds), timeout);
    r.target_deliveries_per_s = deliveriesPerSec;
    r.failures = verdict(r);
    r.pass = r.failures.length === 0;
    // Past this the loadgen, not the server, may be what limits the step.
    r.loadgen_bound = r.loadgen_cpu.core_fraction > 0.85;
    console.error(
      `  ${SERVERS[kind].label.padEnd(9)} R=${roomSize} ${what.padEnd(5)} ${fmtRate(deliveriesPerSec).padStart(7)}/s -> ` +
        `${fmtRate(r.deliveries_per_s).padStart(7)}/s p99 ${(r.latency_us.p99 / 1000).toFixed(1)} ms ` +
        `${r.pass ? "ok" : "FAIL " + r.failures.join(", ")}${r.loadgen_bound ? " (loadgen busy)" : ""}`,
    );
    return r;
  } finally {
    await stopServer(srv);
  }
}

// Doubles the offered rate until a step fails, then bisects (geometrically) between the best
// pass and the first failure. If even the first step fails it halves until one passes.
async function ramp(kind, roomSize) {
  const steps = [];
  const step = async (d) => {
    const r = await loadStep(kind, roomSize, d, cfg.stepSeconds, "ramp");
    steps.push(r);
    return r.pass;
  };
  let lo = 0;
  let hi = 0;
  for (let d = cfg.rampStart; d <= cfg.rampMax; d *= 2) {
    if (await step(d)) lo = d;
    else {
      hi = d;
      break;
    }
  }
  for (let d = cfg.rampStart / 2; lo === 0 && d >= cfg.rampStart / 64; d /= 2) {
    if (await step(d)) lo = d;
    else hi = d;
  }
  for (let i = 0; i < cfg.bisections && lo > 0 && hi > 0 && hi / lo > 1.1; i++) {
    const mid = Math.round(Math.sqrt(lo * hi));
    if (await step(mid)) lo = mid;
    else hi = mid;
  }
  const best = steps.filter((r) => r.pass && r.target_deliveries_per_s === lo).pop();
  return {
    max_deliveries_per_s: best ? best.deliveries_per_s : 0,
    max_offered_deliveries_per_s: lo,
    first_failing_deliveries_per_s: hi || null,
    capped: hi === 0 && lo > 0,
    steps,
  };
}

async function idle(kind) {
  const srv = await startServer(kind);
  try {
    await sleep(500); // let the fresh process settle before the "before" RSS sample
    const args = [
      "--port", String(srv.port), "--clients", String(cfg.idleClients),
      "--room-size", String(cfg.idleRoomSize), "--idle", "--duration", "0.5", "--settle", "1",
      "--connect-rate", String(cfg.idleConnectRate), "--server-pid", String(srv.pid),
    ];
    const r = await runJson(bin("openchat-loadgen"), args, (cfg.idleClients / cfg.idleConnectRate + 120) * 1000);
    console.error(
      `  ${SERVERS[kind].label.padEnd(9)} idle  ${r.joined} joined, ` +
        `${(r.server.rss_per_client_bytes / 1024).toFixed(2)} KB RSS per connection`,
    );
    return r;
  } finally {
    await stopServer(srv);
  }
}

// ---- derived figures and the report ----

// Kernel CPU that the server's writes alone would cost per delivery, from a sendcost model
// (per call + per frame) and the server's measured deliveries per write call.
function kernelWriteCost(cpuStep, model) {
  const perWrite = cpuStep?.server?.deliveries_per_write;
  if (!perWrite || !model) return null;
  return model.per_call_us / perWrite + model.per_frame_us;
}

function ratio(a, b) {
  return a != null && b ? a / b : null;
}

// The figures of one server in one scenario, as the table shows them.
function summarize(x, sc) {
  if (!x) return {};
  const srv = x.cpu?.server;
  const total = srv?.cpu_per_delivery_us;
  const single = kernelWriteCost(x.cpu, sc?.single?.model);
  const fanout = kernelWriteCost(x.cpu, sc?.fanout?.model);
  const steps = x.ramp?.steps ?? [];
  return {
    user_us: srv?.user_per_delivery_us,
    sys_us: srv?.sys_per_delivery_us,
    total_us: total,
    deliveries_per_write: srv?.deliveries_per_write,
    kernel_write_single_us: single,
    kernel_write_fanout_us: fanout,
    total_over_kernel_single: ratio(total, single),
    total_over_kernel_fanout: ratio(total, fanout),
    max_deliveries_per_s: x.ramp?.max_deliveries_per_s,
    ramp_capped: x.ramp?.capped,
    half_p50_ms: x.half ? x.half.latency_us.p50 / 1000 : null,
    half_p99_ms: x.half ? x.half.latency_us.p99 / 1000 : null,
    loadgen_us: x.cpu?.loadgen_cpu?.per_delivery_us,
    loadgen_max_core: steps.length ? Math.max(...steps.map((r) => r.loadgen_cpu.core_fraction)) : null,
  };
}

function fmtRate(v) {
  if (v == null) return "-";
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return v.toFixed(0);
}

function row(label, ours, ref, r, target = "", ok = null) {
  const mark = ok == null ? "" : ok ? "  ok" : "  MISSED";
  return `  ${label.padEnd(44)}${String(ours).padStart(10)}${String(ref).padStart(11)}${String(r).padStart(10)}   ${target.padEnd(9)}${mark}`;
}

// Each row: a label, the summary key, how to print it, and optionally which ratio to show and
// the issue's target (on the ours/ref ratio, or on ours' own value).
const ROWS = [
  { label: () => `CPU/delivery user µs @ ${fmtRate(cfg.cpuRate)}/s`, key: "user_us", ratio: true, target: "<= 0.05", ok: (o, r) => r <= 0.05 },
  { label: () => "CPU/delivery kernel µs", key: "sys_us", ratio: true },
  { label: () => "CPU/delivery total µs", key: "total_us", ratio: true },
  { label: () => "deliveries per write call", key: "deliveries_per_write", digits: 1 },
  { label: () => "kernel cost of its writes, 1 socket µs", key: "kernel_write_single_us" },
  { label: () => `kernel cost of its writes, ${cfg.clients} sockets µs`, key: "kernel_write_fanout_us" },
  { label: () => "total / kernel write cost, 1 socket", key: "total_over_kernel_single" },
  { label: () => `total / kernel write cost, ${cfg.clients} sockets`, key: "total_over_kernel_fanout", target: "<= 1.5", ok: (o) => o <= 1.5 },
  { label: () => `max deliveries/s with p99 < ${cfg.p99LimitMs} ms`, key: "max_deliveries_per_s", rate: true, ratio: true, digits: 1, target: ">= 5", ok: (o, r) => r >= 5 },
  { label: () => "p50 ms at half that rate", key: "half_p50_ms", ratio: true },
  { label: () => "p99 ms at half that rate", key: "half_p99_ms", ratio: true },
  { label: () => "loadgen CPU/delivery µs (CPU step)", key: "loadgen_us" },
  { label: () => "loadgen busiest share of a core (ramp)", key: "loadgen_max_core" },
];

function scenarioRows(summary) {
  const o = summary.ours ?? {};
  const f = summary.ref ?? {};
  return ROWS.map((spec) => {
    const show = (sum) => {
      const v = sum[spec.key];
      if (spec.rate) return fmtRate(v) + (sum.ramp_capped ? "+" : "");
      return fmt(v, spec.digits ?? 2);
    };
    const r = spec.ratio ? ratio(o[spec.key], f[spec.key]) : null;
    const judged = spec.ok && o[spec.key] != null && (!spec.ratio || r != null);
    return row(spec.label(), show(o), show(f), spec.ratio ? fmt(r, 3) : "", spec.target, judged ? spec.ok(o[spec.key], r) : null);
  });
}

function notes(result) {
  const out = [];
  const steps = [];
  for (const s of result.scenarios) {
    for (const kind of ["ours", "ref"]) {
      const x = s[kind];
      if (!x) continue;
      steps.push(...[x.cpu, x.half, ...(x.ramp?.steps ?? [])].filter((r) => r?.server));
      const label = `${SERVERS[kind].label}, rooms of ${s.room_size}`;
      if (x.error) out.push(`${label}: ${x.error}`);
      if (x.cpu?.failures?.length) out.push(`${label}: the CPU step did not keep up (${x.cpu.failures.join(", ")}), so its CPU per delivery was taken at overload`);
      if (x.ramp?.capped) out.push(`${label}: the ramp reached BENCH_RAMP_MAX without failing ("+")`);
      if (x.half?.failures?.length) out.push(`${label}: half-rate step: ${x.half.failures.join(", ")}`);
    }
  }
  for (const kind of ["ours", "ref"]) {
    if (result.idle[kind]?.error) out.push(`${SERVERS[kind].label}, idle: ${result.idle[kind].error}`);
  }
  // Time runnable but waiting for a CPU: on a 2-core machine anything else running shows here.
  const waited = steps.filter((r) => r.window_s > 0 &&
    Math.max(r.server.runq_wait_us ?? 0, r.loadgen_cpu.runq_wait_us ?? 0) / 1e6 / r.window_s > 0.05);
  if (waited.length) {
    out.push(`${waited.length} of ${steps.length} steps: the server or the loadgen waited for a CPU over 5% of the window ` +
      `(other processes competed), which inflates latency and deflates max rates; see runq_wait_us in the JSON`);
  }
  const bound = steps.filter((r) => r.loadgen_bound).length;
  if (bound) out.push(`${bound} of ${steps.length} steps: the loadgen used over 85% of a core, so it may have limited them`);
  const [l0, l1] = [result.env.loadavg_start[0], result.env.loadavg_end[0]];
  if (Math.max(l0, l1) > 1.5) out.push(`load average ${l0.toFixed(1)} -> ${l1.toFixed(1)} on ${result.env.cpus} cores: other work was running`);
  return out;
}

function report(result) {
  const sc = result.sendcost;
  const base = (set) =>
    `send() ${fmt(set.send_us_per_frame)} µs/frame, writev() of 8 ${fmt(set.writev8_us_per_frame)} µs/frame ` +
    `(${fmt(set.model.per_call_us)} µs/call + ${fmt(set.model.per_frame_us)} µs/frame)`;
  const lines = [""];
  lines.push(`OpenChat fan-out benchmark  ${result.started}`);
  lines.push(`${cfg.clients} clients, ${cfg.payload}-byte payloads, loadgen threads ${cfg.loadgenThreads}; reference: socket.io ${result.env.socket_io}, node ${result.env.node}`);
  lines.push(`kernel write cost of a ${sc.frame_bytes}-byte frame (openchat-sendcost, this run):`);
  lines.push(`  ${"1 socket:".padEnd(15)}${base(sc.single)}`);
  lines.push(`  ${`${sc.fanout.connections} sockets:`.padEnd(15)}${base(sc.fanout)}`);
  lines.push("");
  lines.push(row("", "ours", "reference", "ours/ref", "target"));
  for (const s of result.scenarios) {
    lines.push(`rooms of ${s.room_size} (${Math.ceil(cfg.clients / s.room_size)} rooms)`);
    lines.push(...scenarioRows(s.summary));
  }
  const o = result.idle.ours?.server?.rss_per_client_bytes;
  const f = result.idle.ref?.server?.rss_per_client_bytes;
  lines.push(`idle connections (${cfg.idleClients}, rooms of ${cfg.idleRoomSize})`);
  lines.push(row("RSS per connection KB", fmt(o == null ? null : o / 1024), fmt(f == null ? null : f / 1024), fmt(ratio(o, f), 3), "<= 1.5 KB", o == null ? null : o <= 1536));
  const n = notes(result);
  if (n.length) {
    lines.push("");
    lines.push("notes:");
    for (const x of n) lines.push(`  - ${x}`);
  }
  return lines.join("\n");
}

// ---- the run ----

async function attempt(fn) {
  try {
    return await fn();
  } catch (e) {
    console.error(`  error: ${e.message}`);
    return { error: e.message };
  }
}

function socketIoVersion() {
  try {
    const p = path.join(benchDir, "reference", "node_modules", "socket.io", "package.json");
    return JSON.parse(fs.readFileSync(p, "utf8")).version;
  } catch {
    return "?";
  }
}

// `node bench/run.mjs --report FILE` prints the table of an earlier run again.
function reprint(file) {
  const result = JSON.parse(fs.readFileSync(file, "utf8"));
  Object.assign(cfg, result.config);
  console.log(report(result));
}

async function main() {
  if (process.argv[2] === "--report") return reprint(process.argv[3]);
  const servers = cfg.servers.filter((k) => {
    if (!SERVERS[k]) throw new Error(`unknown server '${k}' in BENCH_SERVERS`);
    if (k === "ours" && (env.BENCH_SKIP_OURS === "1" || !fs.existsSync(SERVERS.ours.cmd))) {
      console.error(`bench: no usable ${SERVERS.ours.cmd}: measuring the reference only`);
      return false;
    }
    return true;
  });
  const started = new Date();
  const result = {
    started: started.toISOString(),
    config: cfg,
    env: {
      node: process.version, socket_io: socketIoVersion(), cpus: os.cpus().length,
      kernel: os.release(), loadavg_start: os.loadavg(),
    },
    servers,
    sendcost: null,
    scenarios: [],
    idle: {},
  };
  console.error("bench: kernel send baseline");
  result.sendcost = await sendcost();
  for (const roomSize of cfg.roomSizes) {
    const s = { room_size: roomSize };
    result.scenarios.push(s);
    for (const kind of servers) s[kind] = {};
    // Interleaved so that drift in machine load hits both servers alike.
    for (const kind of servers) {
      s[kind].cpu = await attempt(() => loadStep(kind, roomSize, cfg.cpuRate, cfg.cpuSeconds, "cpu"));
    }
    for (const kind of servers) {
      s[kind].ramp = await attempt(() => ramp(kind, roomSize));
    }
    for (const kind of servers) {
      const max = s[kind].ramp?.max_offered_deliveries_per_s;
      if (max) s[kind].half = await attempt(() => loadStep(kind, roomSize, max / 2, cfg.cpuSeconds, "half"));
    }
    for (const kind of servers) {
      for (const k of ["cpu", "ramp", "half"]) if (s[kind][k]?.error) s[kind].error = s[kind][k].error;
    }
    s.summary = { ours: summarize(s.ours, result.sendcost), ref: summarize(s.ref, result.sendcost) };
  }
  for (const kind of servers) result.idle[kind] = await attempt(() => idle(kind));
  result.env.loadavg_end = os.loadavg();
  result.finished = new Date().toISOString();

  const text = report(result);
  const dir = path.join(benchDir, "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${started.toISOString().replace(/[:.]/g, "-")}.json`);
  result.report = text.split("\n");
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
  console.log(text);
  console.log(`\nraw results: ${path.relative(process.cwd(), file)}`);
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e.message}`);
  process.exitCode = 1;
});
