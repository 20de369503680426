// Browser side of the end-to-end tests: Debian's chromium driven by playwright-core, one
// browser per test file and one context per person (own cookies, own viewport), plus the
// screenshots the suite keeps under tests/e2e/.out/screenshots.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = path.resolve(here, '../.out');
export const SCREENSHOT_DIR = path.join(OUT_DIR, 'screenshots');
export const WEB_ROOT = path.resolve(here, '../../../web/dist');

export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 390, height: 844 };

/** Generous: the server under test is the sanitizer build, on a 2-core machine. */
export const STEP_TIMEOUT_MS = 20_000;

export async function launchBrowser() {
  if (!fs.existsSync(path.join(WEB_ROOT, 'index.html')))
    throw new Error(`no web client build in ${WEB_ROOT}: run scripts/web-build.sh`);
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A person at a browser: a fresh context (no cookies) on baseUrl. Console errors and failed
 * page scripts are collected in `errors` so a test can assert the page stayed clean.
 */
export async function openPerson(browser, baseUrl, { viewport = DESKTOP, name = 'person', colorScheme = 'dark' } = {}) {
  // The client follows the system theme by default: colorScheme picks which one shows.
  const context = await browser.newContext({ baseURL: baseUrl, viewport, colorScheme });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`${name}: page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${name}: console: ${msg.text()}`);
  });
  return { context, page, errors, name };
}

/** Saves a screenshot as <name>-<width>x<height>.png; returns its path. */
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const { width, height } = page.viewportSize();
  const file = path.join(SCREENSHOT_DIR, `${name}-${width}x${height}.png`);
  // Let fonts and images settle: a screenshot is a record of what a person sees.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: file });
  return file;
}
