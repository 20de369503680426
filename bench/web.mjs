// The web client's performance budget, measured in Debian's chromium against the real server
// (Release build, SQLite): how long after pressing "Log in" the first message list is on
// screen, and how smoothly a conversation of 1,000 messages scrolls. Machines are noisy, so
// each figure comes with a baseline measured in the same run: the time to load and render the
// static login page, and frame times while the page sits idle.
//   make bench-web            (or: node bench/web.mjs [--runs N])
import fs from 'node:fs';
import path from 'node:path';
import { ApiClient } from '../tests/integration/lib/api.mjs';
import { dm, send, signIn } from '../tests/integration/lib/chat.mjs';
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
  for (let i = 0; i < MESSAGES; i++) {
    const words = `message ${i + 1} of ${MESSAGES}: ` + 'the quick brown fox jumps over the lazy dog '.repeat(1 + (i % 4));
    await send(socket, { chat_id: chat.id, content: i % 10 === 0 ? `**${words}** with \`code\`` : words });
  }
  socket.close();
  return { alice, chatId: chat.id };
}

/** Milliseconds from navigation start until the login form is on screen (static page). */
async function loginPageMs(browser, baseUrl) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto('/login');
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  const ms = Date.now() - t0;
  await context.close();
  return ms;
}

/** Milliseconds from pressing "Log in" until the DM's newest message is on screen. */
async function loginToListMs(browser, baseUrl, who, chatId) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(`/login?next=${encodeURIComponent(`/dm/${chatId}`)}`);
  await page.getByLabel('Username or e-mail').fill(who.username);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  const newest = page.getByRole('log', { name: 'Messages' }).getByText(`message ${MESSAGES} of ${MESSAGES}:`);
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Log in' }).click();
  await newest.waitFor({ timeout: 30_000 });
  const ms = Date.now() - t0;
  return { ms, context, page };
}

/** Frame intervals (ms) over `frames` animation frames, scrolling by `step` px per frame. */
function frameTimes(page, frames, step) {
  return page.evaluate(
    ({ frames, step }) =>
      new Promise((resolve) => {
        const log = document.querySelector('[role="log"]');
        const scroller = (() => {
          for (let el = log; el; el = el.parentElement) if (el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY !== 'visible') return el;
          return log;
        })();
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
    await page.evaluate(() => {
      const log = document.querySelector('[role="log"]');
      for (let el = log; el; el = el.parentElement) if (el.scrollHeight > el.clientHeight + 1) { el.scrollTop = 0; return; }
    });
    await page.waitForTimeout(100);
  }
  await page.evaluate(() => {
    const log = document.querySelector('[role="log"]');
    for (let el = log; el; el = el.parentElement) if (el.scrollHeight > el.clientHeight + 1) { el.scrollTop = el.scrollHeight; return; }
  });
  await page.waitForTimeout(300);
}

async function main() {
  // Production password hashing: the login measured includes the server's real cost.
  const server = await startOpenchat({
    webRoot: WEB_ROOT,
    env: { OPENCHAT_ARGON2_OPS: '2', OPENCHAT_ARGON2_MEM: '64m', OPENCHAT_RATE_LIMITS: 'register=100000/60,login=100000/60' },
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
    console.log(`  login page on screen (baseline)          ${f(median(page0))} ms`);
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
