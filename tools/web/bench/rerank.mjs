#!/usr/bin/env node
// tools/web/bench/rerank.mjs: how long the classroom page takes to re-rank after a finding is changed, measured in
// the page itself. A benchmark, never run by the test suite; docs/performance.md ("The classroom page: re-rank
// latency") gives the command and the current figures.
//
// It starts `ddx serve` on a free loopback port (as tests/browser/classroom.test.mjs does), opens the page in
// Debian's Chromium (headless, through playwright-core) with a case from a shared link, then changes findings in the
// case builder as a user does: a click on a yes / no / ? toggle, or a key (p / a / u) on a focused toggle. For each
// change the page records, with performance.now():
//   input  the timeStamp of the click or keydown event (when the browser received the input);
//   dom    when body[data-ready] changes, which src/main.ts sets right after it has rendered the differential,
//          banner and questions of the engine's answer to that change;
//   frame  the next animation frame after that (the new ranking is on the next paint);
//   fetch  the duration of the POST /v1/diagnose the change made (Resource Timing), the part spent in the server
//          and the loopback; with "before" (input to the request's start) and "after" (the response's end to dom)
//          the page's own work on either side of it.
// Playwright's own round trip is outside every figure. After each change (outside the timing) the bench checks that
// the differential on the page is the engine's answer to the case in the page's link, then waits for the page to
// settle, so changes are measured one at a time, as a user makes them.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const usage = `usage: node tools/web/bench/rerank.mjs [options]

Measures the classroom page's re-rank latency: from a click or key on a finding's toggle to the differential
re-rendered with the engine's new answer, timed inside the page (performance.now()).

options:
  --changes N     finding changes per run (default 100)
  --runs N        runs, each in a fresh page (default 1)
  --input MODE    click, key or both (alternate; default both)
  --link QUERY    the shared link the page opens with
                  (default "?present=loc.lateral_knee,trig.downhill_running&values=age:34,pain_score:4")
  --ddx PATH      the ddx binary, built with the page (default: $DDX_BINARY or build/tools/ddx)
  --kb DIR        knowledge base to serve (default: the bundled kb/)
  --chromium PATH browser (default: $CHROMIUM or /usr/bin/chromium)
  --json          print the figures as JSON as well
  -h, --help      this text`;

function fail(message) {
  process.stderr.write(`rerank.mjs: ${message}\n(node tools/web/bench/rerank.mjs --help for the options)\n`);
  process.exit(2);
}

let opts;
try {
  opts = parseArgs({
    options: {
      changes: { type: 'string', default: '100' },
      runs: { type: 'string', default: '1' },
      input: { type: 'string', default: 'both' },
      link: { type: 'string', default: '?present=loc.lateral_knee,trig.downhill_running&values=age:34,pain_score:4' },
      ddx: { type: 'string', default: process.env.DDX_BINARY || resolve(repo, 'build/tools/ddx') },
      kb: { type: 'string', default: resolve(repo, 'kb') },
      chromium: { type: 'string', default: process.env.CHROMIUM || '/usr/bin/chromium' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (e) {
  fail(e.message);
}
if (opts.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
function count(name, text, max) {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) fail(`--${name} must be a whole number from 1 to ${max}, not "${text}"`);
  return Number(text);
}
const changes = count('changes', opts.changes, 100000);
const runs = count('runs', opts.runs, 100);
if (!['click', 'key', 'both'].includes(opts.input)) fail(`--input must be click, key or both, not "${opts.input}"`);
if (!opts.link.startsWith('?') && opts.link !== '') fail(`--link must be a query starting with "?", not "${opts.link}"`);
if (!existsSync(opts.ddx) || !statSync(opts.ddx).isFile()) fail(`no ddx binary at ${opts.ddx} (build it, or pass --ddx)`);
if (!existsSync(opts.kb) || !statSync(opts.kb).isDirectory()) fail(`no knowledge base directory at ${opts.kb}`);
if (!existsSync(opts.chromium)) fail(`no browser at ${opts.chromium} (apt-get install chromium, or pass --chromium)`);

/** Starts `ddx serve --port 0` and reads the port it bound from its log. */
function serve() {
  return new Promise((ok, no) => {
    const child = spawn(opts.ddx, ['serve', '--kb', opts.kb, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => no(new Error(`ddx serve did not start: ${err}`)), 20000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: `http://127.0.0.1:${m[1]}/` });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); no(new Error(`ddx serve exited with ${code}: ${err}`)); });
  });
}

async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.ready !== undefined && document.body.dataset.pending === '0', null,
    { timeout: 60000 });
}

/** Installed in the page before its own script: records input → re-rendered for every change. */
function probe() {
  const w = window;
  w.__bench = { input: null, samples: [] };
  // The first input of a change counts: a click on a label also clicks its radio, later.
  const mark = (e) => { if (w.__bench.input === null) w.__bench.input = e.timeStamp; };
  document.addEventListener('click', mark, true);
  document.addEventListener('keydown', mark, true);
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(() => {
      const b = w.__bench;
      if (b.input === null) return; // the page's first answer, to the link
      const input = b.input;
      b.input = null;
      const dom = performance.now();
      const ready = document.body.dataset.ready;
      requestAnimationFrame(() => {
        const frame = performance.now();
        const fetches = performance.getEntriesByType('resource')
          .filter((r) => r.name.includes('/v1/diagnose') && r.startTime >= input);
        const f = fetches[0];
        performance.clearResourceTimings(); // the buffer holds 250 entries by default; long runs would lose theirs
        b.samples.push({ ready, dom: dom - input, frame: frame - input, fetch: f ? f.duration : null,
          before: f ? f.startTime - input : null, after: f ? dom - f.responseEnd : null });
      });
    }).observe(document.body, { attributes: true, attributeFilter: ['data-ready'] });
  });
}

/** The case in the page's link, as the JSON /v1/diagnose takes. */
function caseOf(pageUrl) {
  const q = new URL(pageUrl).searchParams;
  const list = (k) => (q.get(k) ? q.get(k).split(',').filter(Boolean) : []);
  const values = {};
  for (const pair of list('values')) {
    const [k, v] = pair.split(':');
    values[k] = Number(v);
  }
  return { present: list('present'), absent: list('absent'), values };
}

const states = ['present', 'absent', 'unknown'];
const keys = { present: 'p', absent: 'a', unknown: 'u' };

async function run(browser, server, index) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(60000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(probe);
  await page.goto(new URL(opts.link, server.url).href);
  await settled(page);
  // A link the page cannot use in full (an unknown finding, a value out of range) is reported in its notice.
  if (await page.locator('#notice').isVisible()) {
    throw new Error(`the page did not take the link ${opts.link}: ${(await page.locator('#notice').innerText()).replace(/\s*×$/, '')}`);
  }
  // The toggles of one region of the case builder, in the order the page shows them: the region of the link's first
  // finding (else the first region), opened with a click on its summary as a user does.
  const first = caseOf(page.url()).present[0] ?? caseOf(page.url()).absent[0];
  const region = first
    ? page.locator('#groups details.region').filter({ has: page.locator(`fieldset[data-finding="${first}"]`) })
    : page.locator('#groups details.region').first();
  if ((await region.count()) !== 1) throw new Error(`no region of the case builder holds ${first}`);
  if (!(await region.evaluate((d) => d.open))) await region.locator('summary').click();
  const ids = await region.locator('fieldset.finding[data-finding]').evaluateAll((els) => els.map((e) => e.dataset.finding));
  if (ids.length < 2) throw new Error(`the region holding ${first} shows ${ids.length} finding toggles; the bench needs two`);
  const where = `#groups details.region[open] fieldset.finding`;
  for (let i = 0; i < changes; i++) {
    const id = ids[(i * 7) % ids.length]; // 7 is prime to the toggle count unless it divides it: spread the changes
    const box = page.locator(`${where}[data-finding="${id}"]`);
    const now = await box.locator('input:checked').getAttribute('value');
    const to = states[(states.indexOf(now ?? 'unknown') + 1) % 3];
    const how = opts.input === 'both' ? (i % 2 ? 'key' : 'click') : opts.input;
    const before = await page.evaluate(() => { window.__bench.input = null; return window.__bench.samples.length; });
    if (how === 'click') {
      await box.locator(`label.tri-${to}`).click();
    } else {
      await box.locator(`input[value="${now ?? 'unknown'}"]`).focus();
      await page.keyboard.press(keys[to]);
    }
    await page.waitForFunction((n) => window.__bench.samples.length > n, before);
    await settled(page);
    // The page must show the engine's answer to the case it now holds, with the change in it.
    const c = caseOf(page.url());
    const holds = to === 'unknown' ? !c.present.includes(id) && !c.absent.includes(id) : c[to].includes(id);
    if (!holds) throw new Error(`change ${i + 1}: ${id} → ${to} is not in the page's link ${page.url()}`);
    const answer = await fetch(new URL('/v1/diagnose?top=12', server.url), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c),
    }).then((r) => r.json());
    const want = answer.differential.map((d) => d.id).join(',');
    const shown = (await page.locator('#differential li[data-condition]')
      .evaluateAll((els) => els.map((e) => e.dataset.condition))).join(',');
    if (shown !== want) throw new Error(`change ${i + 1}: the page shows [${shown}], the engine answers [${want}]`);
  }
  const samples = await page.evaluate(() => window.__bench.samples);
  await page.close();
  if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
  if (samples.length !== changes) throw new Error(`run ${index}: ${samples.length} samples for ${changes} changes`);
  return samples;
}

function quantile(sorted, q) {
  // nearest rank: the smallest value with at least q of the samples at or below it
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}
function summary(values) {
  const s = values.filter((v) => v !== null).sort((a, b) => a - b);
  if (!s.length) return null;
  return { median: quantile(s, 0.5), p95: quantile(s, 0.95), max: s[s.length - 1] };
}
const ms = (x) => (x === null || x === undefined ? '–' : `${x.toFixed(1)}`);

let server, browser;
const { chromium } = await import('playwright-core');
try {
  server = await serve();
  browser = await chromium.launch({
    executablePath: opts.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const rows = [];
  const all = [];
  for (let r = 1; r <= runs; r++) {
    const samples = await run(browser, server, r);
    all.push(...samples);
    rows.push({ name: `run ${r}`, n: samples.length, samples });
  }
  if (runs > 1) rows.push({ name: 'all runs', n: all.length, samples: all });
  const table = rows.map((row) => ({
    name: row.name, n: row.n,
    dom: summary(row.samples.map((s) => s.dom)),
    frame: summary(row.samples.map((s) => s.frame)),
    fetch: summary(row.samples.map((s) => s.fetch)),
    before: summary(row.samples.map((s) => s.before)),
    after: summary(row.samples.map((s) => s.after)),
  }));
  const lines = [
    `re-rank latency of the classroom page, ms (input: ${opts.input}; link: ${opts.link || '(none)'}; kb: ${opts.kb})`,
    '',
    '| run | changes | median | p95 | max | to next frame: median | p95 | max | of it, medians: input → request | /v1/diagnose | response → DOM |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...table.map((t) => `| ${t.name} | ${t.n} | ${ms(t.dom.median)} | ${ms(t.dom.p95)} | ${ms(t.dom.max)} | `
      + `${ms(t.frame.median)} | ${ms(t.frame.p95)} | ${ms(t.frame.max)} | ${ms(t.before?.median)} | ${ms(t.fetch?.median)} | ${ms(t.after?.median)} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (opts.json) process.stdout.write(`${JSON.stringify(table)}\n`);
} catch (e) {
  process.stderr.write(`rerank.mjs: ${e.message}\n`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  server?.child.kill('SIGTERM');
}
