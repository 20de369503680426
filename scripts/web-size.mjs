// Initial JavaScript of the built web client: the entry script and the chunks index.html
// preloads, gzipped (what a first visit must download before anything renders). Prints the
// figure and exits 1 above the budget. Screens load lazily and are listed apart.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BUDGET_KB = 250;
const dist = process.argv[2] ?? 'dist';
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = new Set();
for (const m of html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)) initial.add(m[1]);
for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)) initial.add(m[1]);
if (initial.size === 0) {
  console.error(`web-size: no entry script in ${dist}/index.html`);
  process.exit(1);
}
const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
let total = 0;
for (const f of initial) total += gz(f);
const lazy = fs
  .readdirSync(path.join(dist, 'assets'))
  .filter((f) => f.endsWith('.js') && !initial.has(`assets/${f}`))
  .map((f) => ({ f, kb: gz(`assets/${f}`) / 1024 }))
  .sort((a, b) => b.kb - a.kb);
const lazyTotal = lazy.reduce((n, x) => n + x.kb, 0);
console.log(
  `web: initial JavaScript ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB, ${initial.size} file(s)); ` +
    `${lazy.length} lazy chunks ${lazyTotal.toFixed(1)} KB, largest ${lazy[0] ? `${lazy[0].f} ${lazy[0].kb.toFixed(1)} KB` : '-'}`,
);
if (total / 1024 > BUDGET_KB) {
  console.error(`web-size: initial JavaScript is over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
