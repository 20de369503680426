// The web client's performance budget, measured in Debian's chromium against the real server
// (Release build, SQLite): how long after pressing "Log in" the first message list is on
// screen, and how smoothly a conversation of 1,000 messages scrolls. Machines are noisy, so
// each figure comes with a baseline measured in the same run: the time to load and render the
// static login page, and frame times while the page sits idle.
//   make bench-web            (or: node bench/web.mjs [--runs N])
import fs from 'node:fs';
import path from 'node:path';
import { ApiClient } from '../tests/integration/lib/api.mjs';
import { call, dm, send, signIn } from '../tests/integration/lib/chat.mjs';
import { startOpenchat } from '../tests/integration/lib/server.mjs';
import { DESKTOP, WEB_ROOT, launchBrowser } from '../tests/e2e/lib/browser.mjs';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const MESSAGES = 1000;
const log = (...a) => console.error('bench-web:', ...a);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function seed(server) {
  const [alice, bob] = [new ApiClient(server), new ApiClient(server)];
  for (const c of [alice, bob]) {
    await c.register({ password: 'correct horse battery staple' });
    await c.verifyEmail();
  }
  const chat = await dm(alice, bob);
  const { socket } = await signIn(server, bob);
  let last;
  for (let i = 0; i < MESSAGES; i++) {
    const words = `message ${i + 1} of ${MESSAGES}: ` + 'the quick brown fox jumps over the lazy dog '.repeat(1 + (i % 4));
    last = await send(socket, { chat_id: chat.id, content: i % 10 === 0 ? `**${words}** with \`code\`` : words });
  }
  socket.close();
  // Alice has read everything, so the conversation opens at the present (not at her first
  // unread message, where an unread conversation opens).
  const reader = (await signIn(server, alice)).socket;
  await call(reader, 'chat:read', { chat_id: chat.id, message_id: last.id });
  reader.close();
  return { alice, chatId: chat.id };
}

/**
 * Runs in the page before its own scripts: notes, on every animation frame, when the login
 * form is first on screen (ms since navigation start), when "Log in" is pressed, and when the
 * conversation's newest message is first laid out. Measured in the page, so the figures do
 * not include the test driver's polling.
 */
function PROBE(n) {
  const probe = (window.__probe = {});
  // The element that scrolls the message list (the log or the nearest scrolling ancestor).
  window.__scroller = () => {
    const log = document.querySelector('[role="log"]');
    for (let el = log; el; el = el.parentElement) if (el.scrollHeight > el.clientHeight + 1) return el;
    return log;
  };
  addEventListener('click', (e) => {
    if (e.target.closest?.('button[type="submit"]') && probe.click === undefined) probe.click = performance.now();
  }, true);
  const tick = () => {
    if (probe.loginForm === undefined && [...document.querySelectorAll('button')].some((b) => b.textContent === 'Log in'))
      probe.loginForm = performance.now();
    if (probe.click !== undefined && probe.newest === undefined) {
      const log = document.querySelector('[role="log"]');
      const hit = [...(log?.querySelectorAll('[role="article"]') ?? [])].find((a) => a.textContent.includes(`message ${n} of ${n}:`));
      if (hit && hit.getBoundingClientRect().height > 0) probe.newest = performance.now();
    }
    if (probe.newest === undefined) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Milliseconds from navigation start until the login form is on screen (static page). */
async function loginPageMs(browser, baseUrl) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
  await context.addInitScript(PROBE, MESSAGES);
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  const ms = (await page.evaluate(() => window.__probe)).loginForm;
  await context.close();
  return ms;
}

/** Milliseconds from pressing "Log in" until the DM's newest message is on screen. */
async function loginToListMs(browser, baseUrl, who, chatId) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
  await context.addInitScript(PROBE, MESSAGES);
  const page = await context.newPage();
  await page.goto(`/login?next=${encodeURIComponent(`/dm/${chatId}`)}`);
  await page.getByLabel('Username or e-mail').fill(who.username);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  // A person takes a few seconds to type: the page has long finished loading by then.
  await page.waitForLoadState('networkidle');
  const newest = page.getByRole('log', { name: 'Messages' }).getByText(`message ${MESSAGES} of ${MESSAGES}:`);
  await page.getByRole('button', { name: 'Log in' }).click();
  await newest.waitFor({ timeout: 30_000 });
  const probe = await page.evaluate(() => window.__probe);
  const ms = probe.newest - probe.click;
  if (process.env.BENCH_WEB_TRACE) {
    const entries = await page.evaluate((t) => performance.getEntriesByType('resource').filter((e) => e.startTime > t).map((e) => `${(e.startTime - t).toFixed(0)}+${e.duration.toFixed(0)} ${e.name.replace(location.origin, '')}`), 0);
    log(`login ${ms} ms; resources (ms since page start):\n  ${entries.join('\n  ')}`);
  }
  return { ms, context, page };
}

/** Frame intervals (ms) over `frames` animation frames, scrolling by `step` px per frame. */
function frameTimes(page, frames, step) {
  return page.evaluate(
    ({ frames, step }) =>
      new Promise((resolve) => {
        const scroller = window.__scroller();
        const out = [];
        let last = performance.now();
        let n = 0;
        function tick(now) {
          out.push(now - last);
          last = now;
          if (step) scroller.scrollTop -= step;
          if (++n < frames) requestAnimationFrame(tick);
          else resolve(out.slice(1));
        }
        requestAnimationFrame(tick);
      }),
    { frames, step },
  );
}

/** Scrolls up until the beginning of the conversation is loaded (all pages fetched). */
async function loadAll(page) {
  const start = page.getByText('This is the beginning of your direct message history');
  for (let i = 0; i < 200 && !(await start.isVisible()); i++) {
    await page.evaluate(() => (window.__scroller().scrollTop = 0));
    await page.waitForTimeout(100);
  }
  await page.evaluate(() => {
    const el = window.__scroller();
    el.scrollTop = el.scrollHeight;
  });
  await page.waitForTimeout(300);
}

async function main() {
  // Production password hashing: the login measured includes the server's real cost.
  const server = await startOpenchat({
    webRoot: WEB_ROOT,
    env: { OPENCHAT_ARGON2_OPS: '2', OPENCHAT_ARGON2_MEM: '64m', OPENCHAT_RATE_LIMITS: 'message=100000/1,register=1000/60,verify=1000/60,login=1000/60' },
  });
  const baseUrl = `http://localhost:${server.port}`;
  const browser = await launchBrowser();
  try {
    log(`seeding ${MESSAGES} messages`);
    const { alice, chatId } = await seed(server);
    const who = { username: alice.user.username, password: alice.user.password };
    const page0 = [];
    const login = [];
    let smooth = null;
    for (let r = 0; r < RUNS; r++) {
      page0.push(await loginPageMs(browser, baseUrl));
      const { ms, context, page } = await loginToListMs(browser, baseUrl, who, chatId);
      login.push(ms);
      if (r === RUNS - 1) {
        log('loading all pages, then measuring scrolling');
        await loadAll(page);
        const idle = await frameTimes(page, 120, 0);
        const scroll = await frameTimes(page, 600, 60);
        const rows = await page.locator('[role="article"]').count();
        smooth = { idle, scroll, rows };
      }
      await context.close();
    }
    const over = (xs) => xs.filter((x) => x > 1000 / 60 + 2).length / xs.length;
    const result = {
      when: new Date().toISOString(),
      messages: MESSAGES,
      runs: RUNS,
      login_page_ms: page0,
      login_to_message_list_ms: login,
      scroll: {
        idle_frame_ms: { p50: median(smooth.idle), p95: pct(smooth.idle, 95), late: over(smooth.idle) },
        scroll_frame_ms: { p50: median(smooth.scroll), p95: pct(smooth.scroll, 95), late: over(smooth.scroll) },
        rows_in_dom: smooth.rows,
      },
    };
    fs.mkdirSync(path.join('bench', 'results'), { recursive: true });
    const file = path.join('bench', 'results', `web-${Date.now()}.json`);
    fs.writeFileSync(file, JSON.stringify(result, null, 2));
    const f = (x) => x.toFixed(1);
    console.log(`web client, ${MESSAGES}-message DM, ${RUNS} runs (medians), raw figures in ${file}`);
    console.log(`  login page on screen (baseline)          ${f(median(page0))} ms  (from navigation start)`);
    console.log(`  "Log in" pressed -> newest message shown  ${f(median(login))} ms  (${f(median(login) / median(page0))}x the baseline; budget 1000 ms)`);
    console.log(`  frame time idle (baseline) p50/p95        ${f(result.scroll.idle_frame_ms.p50)} / ${f(result.scroll.idle_frame_ms.p95)} ms`);
    console.log(`  frame time scrolling 60 px/frame p50/p95  ${f(result.scroll.scroll_frame_ms.p50)} / ${f(result.scroll.scroll_frame_ms.p95)} ms  (p95 ${f(result.scroll.scroll_frame_ms.p95 / result.scroll.idle_frame_ms.p95)}x idle; late frames ${(100 * result.scroll.scroll_frame_ms.late).toFixed(1)}% vs ${(100 * result.scroll.idle_frame_ms.late).toFixed(1)}% idle)`);
    console.log(`  message rows in the DOM while scrolling   ${smooth.rows} of ${MESSAGES} (virtualised)`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
