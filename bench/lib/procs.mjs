// What the benchmark drivers (run.mjs, chat.mjs) share: child processes that are all tracked,
// so an interrupted run leaves nothing behind, clean-ups that run at exit, free ports, waiting
// for an exit, running a tool for the JSON line it prints, and number formatting.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

const children = new Set();
const cleanups = [];

/** Registers a child process: killed if the run ends or is interrupted before it. */
export function track(child) {
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

/** Runs fn at exit, after the children are killed, in reverse order of registration. */
export function atExit(fn) {
  cleanups.push(fn);
}

function killAll(signal) {
  for (const child of children) {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Installs the exit and signal handlers; label prefixes the interruption message. */
export function handleInterrupts(label) {
  process.on("exit", () => {
    killAll("SIGKILL");
    for (const f of cleanups.reverse()) f();
  });
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(sig, () => {
      console.error(`\n${label}: ${sig}, stopping`);
      killAll("SIGTERM"); // a chance to exit cleanly; the exit handler kills what is left
      setTimeout(() => process.exit(130), 300);
    });
  }
}

/** A non-negative number from the environment variable name, or fallback when unset. */
export function envNumber(name, fallback) {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number, got '${v}'`);
  return n;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves true once child has exited, false after ms. */
export function waitExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Runs a tool (SIGINT after timeoutMs) and resolves with the JSON object on the last
 * "{"-line of its stdout. */
export function runJson(cmd, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = track(spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] }));
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err = (err + d).slice(-4000)));
    const timer = setTimeout(() => child.kill("SIGINT"), timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split("\n").filter((l) => l.startsWith("{")).pop();
      if (!last) reject(new Error(`${path.basename(cmd)} ${code ?? signal}: ${err.trim() || out.trim()}`));
      else resolve(JSON.parse(last));
    });
  });
}

/** v with digits decimals, "-" when missing. */
export function fmt(v, digits = 2) {
  return v == null || Number.isNaN(v) ? "-" : v.toFixed(digits);
}
