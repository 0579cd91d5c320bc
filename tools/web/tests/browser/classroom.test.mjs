// tools/web/tests/browser/classroom.test.mjs: the classroom page in a real browser (Debian's chromium driven by
// playwright-core) against `ddx serve` on a loopback port. Run by ctest (web.browser) as
//   node --test tests/browser/classroom.test.mjs
// with DDX_BINARY, DDX_KB, DDX_INJECT_KB, DDX_UNLESS_KB and DDX_SCREENSHOTS (where the screenshots docs/classroom.md uses go;
// unset: none are written) in the environment. CHROMIUM overrides /usr/bin/chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ddx = process.env.DDX_BINARY;
const kb = process.env.DDX_KB;
const injectKb = process.env.DDX_INJECT_KB;
const unlessKb = process.env.DDX_UNLESS_KB;
const shots = process.env.DDX_SCREENSHOTS || '';
if (!ddx || !kb || !injectKb || !unlessKb) throw new Error('set DDX_BINARY, DDX_KB, DDX_INJECT_KB and DDX_UNLESS_KB');
if (shots) mkdirSync(shots, { recursive: true });

/** Starts `ddx serve --port 0` and reads the port it bound from its first line. */
function serve(kbDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(ddx, ['serve', '--kb', kbDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`ddx serve did not start: ${err}`)), 20000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${m[1]}/` });
      }
    });
    child.on('exit', (code) => reject(new Error(`ddx serve exited with ${code}: ${err}`)));
  });
}

let browser, server, injectServer, unlessServer, page;
const pageErrors = [];

/** Waits until the page shows the engine's answers to every request it made (src/main.ts: busy). */
async function settled(p = page) {
  // Generous: a loaded CI machine may be slow, and a wrong page fails its assertions anyway.
  await p.waitForFunction(() => document.body.dataset.ready !== undefined && document.body.dataset.pending === '0', null,
    { timeout: 120000 });
}
async function shot(name, p = page) {
  await settled(p);
  if (shots) await p.screenshot({ path: join(shots, `${name}.png`) });
}
const names = (p = page) => p.locator('#differential li[data-condition]').evaluateAll((els) => els.map((e) => e.dataset.condition));

before(async () => {
  server = await serve(kb);
  injectServer = await serve(injectKb);
  unlessServer = await serve(unlessKb);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(120000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  server?.child.kill('SIGTERM');
  injectServer?.child.kill('SIGTERM');
  unlessServer?.child.kill('SIGTERM');
});

describe('the classroom page', () => {
  test('toggling findings re-ranks, shows the triage banner and the evidence', async () => {
    await page.goto(server.url);
    await settled();
    assert.equal(await page.locator('#differential li.empty').count(), 1);
    // Found by typing a synonym-ish phrase, set with the keyboard shortcut on the focused toggle.
    await page.fill('#search', 'outer knee');
    const hit = page.locator('#search-results fieldset[data-finding="loc.lateral_knee"]');
    await hit.locator('input[value=present]').check();
    await settled();
    // Against the empty case every listed condition is new.
    const first = await page.locator('#differential li[data-condition] .move').allInnerTexts();
    assert.ok(first.length > 0 && first.every((t) => t === 'new'), first.join(','));
    await page.fill('#search', 'downhill');
    await page.locator('#search-results fieldset[data-finding="trig.downhill_running"] input[value=present]').check();
    await settled();
    const order = await names();
    assert.equal(order[0], 'itbs');
    assert.equal(await page.locator('#banner').getAttribute('data-level'), 'modify_training');
    assert.match(await page.locator('#banner').innerText(), /set by the condition “Iliotibial band syndrome/);
    await page.click('#differential li[data-condition=itbs] button.name');
    await page.waitForSelector('#panel h2[data-condition=itbs]');
    await settled();
    const evidence = await page.locator('#panel [data-evidence=for]').innerText();
    assert.match(evidence, /×\d/);                       // a likelihood ratio
    assert.match(evidence, /Outer knee/);                // the findings behind it, by label
    assert.match(evidence, /Rule \w+ at kb\/knee\.ddx:\d+/);
    assert.match(evidence, /source: /);
    assert.ok((await page.locator('#panel .rule-in-out tbody tr').count()) > 0, 'rule in / out lists findings');
    const triagePart = page.locator('#panel p.muted', { hasText: 'counts toward triage' });
    assert.equal((await triagePart.innerText()).includes('`'), false, 'the engine\'s backticks become code, not text');
    assert.ok((await triagePart.locator('code').count()) >= 1, 'levels and ids shown as code');
    assert.ok(new URL(page.url()).search.includes('present=loc.lateral_knee,trig.downhill_running'));
    assert.ok(new URL(page.url()).search.includes('condition=itbs'));
    await shot('01-evidence');
  });

  test('the network behind the selected condition is drawn, and a node opens its rule', async () => {
    assert.equal(await page.locator('#graph svg').count(), 0); // laid out only when the network is opened
    await page.click('#network-details > summary');
    await page.waitForSelector('#graph svg g.node[data-key="condition:itbs"]');
    assert.ok((await page.locator('#graph g.node.lit').count()) >= 3);
    await page.uncheck('#fired-only');
    await page.waitForFunction(() => document.querySelectorAll('#graph g.node.faded').length > 0);
    const rule = page.locator('#graph g.node.lit[data-key^="rule:"][data-targets~="condition:itbs"]').first();
    const key = await rule.getAttribute('data-key');
    await page.locator('#network').scrollIntoViewIfNeeded();
    await shot('02-network');
    await rule.click();
    await page.waitForSelector(`#panel [data-rule="${key.slice(5)}"].focus-rule`);
    await page.check('#fired-only');
    await page.click('#network-details > summary'); // closed again: the other tests need no layout
  });

  test('answering a next question moves the ranking', async () => {
    const chip = page.locator('#questions li.chip').first();
    const finding = await chip.getAttribute('data-finding');
    assert.ok(finding);
    assert.match(await chip.locator('.gain').innerText(), /\d\.\d\d bits/);
    await chip.locator('button.no').click();
    await settled();
    assert.ok(new URL(page.url()).searchParams.get('absent').split(',').includes(finding));
    assert.equal(await page.locator(`#builder input[type=radio][data-finding="${finding}"][value=absent]`).first().isChecked(), true);
    // undo brings it back to unknown, redo sets it again
    await page.click('#undo');
    await settled();
    assert.equal(new URL(page.url()).searchParams.get('absent'), null);
    await page.keyboard.press('Control+y');
    await settled();
    assert.ok(new URL(page.url()).searchParams.get('absent').includes(finding));
  });

  test('why not: a condition that is not listed shows what its rules wait for', async () => {
    const option = await page.locator('#why-not option').nth(1).getAttribute('value');
    await page.selectOption('#why-not', option);
    await page.waitForSelector(`#panel [data-why-not="${option}"]`);
    const text = await page.locator('#panel .why-not').innerText();
    assert.match(text, /^Why not /);
    assert.match(text, /Waiting for: |Stopped by: /);
    await shot('03-why-not');
  });

  test('a red flag sets the banner, which stays in view when the page scrolls', async () => {
    await page.click('#open-library');
    await page.click('#library[open] button[data-example=calf_red_flag]');
    await settled();
    const level = await page.locator('#banner').getAttribute('data-level');
    assert.ok(['urgent_care', 'emergency'].includes(level), level);
    assert.ok((await page.locator('#banner li[data-flag]').count()) >= 1);
    await page.mouse.wheel(0, 3000);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(200);
    const box = await page.locator('#banner').boundingBox();
    assert.ok(box && box.y >= 0 && box.y < 5, `banner at ${box?.y}`);
    await shot('04-red-flag');
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  test('a shared link opens its case and differential at once', async () => {
    await page.goto(`${server.url}?present=loc.lateral_knee,trig.downhill_running&absent=sym.swelling_marked&values=age:34,pain_score:4`);
    await settled();
    assert.equal((await names())[0], 'itbs');
    assert.equal(await page.locator('#value-age').inputValue(), '34');
    assert.equal(await page.locator('#groups input[data-finding="sym.swelling_marked"][value=absent]').isChecked(), true);
    await page.goto(`${server.url}?present=loc.lateral_kne&condition=<script>`);
    await settled();
    assert.match(await page.locator('#notice').innerText(), /unknown finding “loc\.lateral_kne”.*unknown condition “<script>”/);
  });

  test('step-through reveals one finding at a time and draws the ranking history', async () => {
    await page.goto(`${server.url}?present=loc.lateral_knee,time.worsens_as_run_continues,trig.downhill_running&absent=sym.swelling_marked&mode=step`);
    await settled();
    assert.match(await page.locator('#step-status').innerText(), /^Step 0 of 4/);
    for (let i = 1; i <= 4; i++) {
      await page.click('#step-next');
      await settled();
      assert.match(await page.locator('#step-status').innerText(), new RegExp(`^Step ${i} of 4`));
    }
    assert.ok((await page.locator('#history-chart polyline').count()) >= 1);
    assert.equal((await names())[0], 'itbs');
    assert.ok(new URL(page.url()).search.includes('mode=step'));
    await shot('05-step-through');
  });

  test('predict first hides the differential until the reveal, then scores the picks', async () => {
    await page.goto(`${server.url}?present=loc.lateral_knee,trig.downhill_running&mode=predict`);
    await settled();
    assert.equal(await page.locator('#differential').isHidden(), true);
    await page.selectOption('#pick-0', 'itbs');
    await page.selectOption('#pick-1', 'pfps');
    await page.click('#reveal');
    await settled();
    assert.equal(await page.locator('#differential').isVisible(), true);
    assert.match(await page.locator('#prediction').innerText(), /you named its leader/);
    await shot('06-predict');
  });

  test('the keyboard alone builds a case', async () => {
    await page.goto(server.url);
    await settled();
    await page.keyboard.press('/');
    await page.keyboard.type('downhill');
    await page.keyboard.press('Tab');
    await page.keyboard.press('p');
    await settled();
    assert.ok(new URL(page.url()).searchParams.get('present').includes('trig.downhill_running'));
    assert.ok((await page.locator('#banner[role=status]').count()) === 1);
    assert.ok((await page.locator('fieldset.finding legend').count()) > 100);
  });

  test('the case library lists the knowledge base tests by region', async () => {
    await page.click('#open-library');
    await page.waitForSelector('#library[open] details summary');
    const regions = await page.locator('#library details summary').allInnerTexts();
    assert.ok(regions.some((r) => /^knee \(\d+\)$/.test(r)), regions.join(' | '));
    await page.locator('#library details').first().locator('summary').click();
    await shot('07-library');
    await page.locator('#library details').first().locator('button[data-test]').first().click();
    await settled();
    assert.ok((await names()).length > 0);
  });

  test('large type for a projector', async () => {
    await page.check('#large-type');
    const size = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    assert.equal(size, '22px');
    await shot('08-large-type');
    await page.uncheck('#large-type');
  });

  test('a knowledge base whose texts are markup shows them as text and runs nothing', async () => {
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    p.setDefaultTimeout(120000);
    await p.goto(`${injectServer.url}?present=loc.lateral_knee,trig.downhill_running,flag.red&condition=itbs`);
    await settled(p);
    await p.waitForSelector('#panel h2[data-condition=itbs]');
    await p.click('#network-details > summary');
    await p.waitForSelector('#graph svg');
    assert.ok((await p.locator('#graph').textContent()).includes("<script>window.__pwned = 'condition'</script>ITBS"));
    await p.evaluate(() => window.scrollTo(0, 0));
    await p.click('#open-library');
    await p.waitForSelector('#library[open] details summary');
    assert.ok((await p.locator('#library').textContent()).includes("<script>window.__pwned = 'test'</script>Downhill outer knee"));
    await p.keyboard.press('Escape');
    const body = await p.locator('body').innerText();
    for (const shown of ["<script>window.__pwned = 'condition'</script>ITBS", "<script>window.__pwned = 'flag'</script>Urgent",
      "<script>window.__pwned = 'rule'</script>Outer-knee pain downhill", 'PFPS & <other>']) assert.ok(body.includes(shown), shown);
    assert.equal(await p.evaluate(() => window.__pwned), undefined);
    assert.equal(await p.locator('#app script, #app img, #app iframe, #app svg script').count(), 0);
    assert.equal(await p.locator('[onerror], [onload], [onclick], [onmouseover]').count(), 0);
    await shot('09-escaped', p);
    await p.close();
  });

  // docs/teaching.md: three look-alike pairs, each opened from a shared link, its evidence, why not the other one,
  // and the answer to the next best question. Large type and a 1400x1000 window: readable on a projector.
  const lessons = [
    { name: 'knee', link: 'present=loc.lateral_knee,loc.anterior_knee,trig.downhill_running&values=age:34',
      first: 'itbs', other: 'pfps', question: 'sign.knee_bend_30_lateral_pain', answer: 'yes', leader: 'itbs', banner: 'modify_training' },
    { name: 'shin', link: 'present=loc.medial_shin,trig.sudden_mileage_increase,time.worsens_as_run_continues&values=age:24',
      first: 'tibial_stress_fracture', other: 'mtss', question: 'sign.hop_test_pain', answer: 'yes', leader: 'tibial_stress_fracture', banner: 'stop_and_assess' },
    { name: 'heel', link: 'present=loc.plantar_heel_medial,loc.heel_bone,trig.sudden_mileage_increase&values=age:41',
      first: 'calcaneal_stress_fracture', other: 'plantar_fasciitis', question: 'sign.heel_squeeze_pain', answer: 'no', leader: 'plantar_fasciitis', banner: 'modify_training' },
  ];
  for (const l of lessons) {
    test(`lesson ${l.name}: ${l.first} or ${l.other}, told apart by ${l.question}`, async () => {
      const p = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      p.setDefaultTimeout(120000);
      p.on('pageerror', (e) => pageErrors.push(e.message));
      await p.goto(server.url);
      await p.check('#large-type');
      const lessonShot = async (n) => {
        await settled(p);
        if (shots) {
          mkdirSync(join(shots, 'teaching'), { recursive: true });
          await p.screenshot({ path: join(shots, 'teaching', `${l.name}-${n}.png`) });
        }
      };
      // 1. The shared link opens the case, the differential with the pair on top, and the first one's evidence.
      await p.goto(`${server.url}?${l.link}&condition=${l.first}`);
      await settled(p);
      assert.deepEqual((await names(p)).slice(0, 2), [l.first, l.other]);
      await p.waitForSelector(`#panel h2[data-condition=${l.first}]`);
      assert.ok((await p.locator('#panel [data-evidence=for] li').count()) >= 1);
      assert.equal(await p.locator('#questions li.chip').first().getAttribute('data-finding'), l.question);
      await lessonShot(1);
      // 2. Why not the other one: its rules still waiting or stopped, and the findings that would rule it in or out.
      await p.click(`#differential li[data-condition=${l.other}] button.name`);
      await p.waitForSelector(`#panel [data-why-not="${l.other}"]`);
      await settled(p);
      assert.match(await p.locator('#panel .why-not').innerText(), /Waiting for: |Stopped by: /);
      const rows = await p.locator('#panel .rule-in-out tbody tr').evaluateAll((els) => els.map((e) => e.dataset.finding));
      assert.ok(rows.length > 0);
      // The separating question moves the other one too, except at the knee: the 30-degree bend speaks of ITBS alone.
      assert.equal(rows.includes(l.question), l.name !== 'knee', rows.join(','));
      await p.evaluate(() => document.querySelector('#panel .rule-in-out').scrollIntoView({ block: 'end' }));
      await lessonShot(2);
      await p.evaluate(() => window.scrollTo(0, 0));
      // 3. The next best question answered on its chip: the pair separates and the banner follows.
      await p.locator(`#questions li.chip[data-finding="${l.question}"] button.${l.answer === 'yes' ? 'yes' : 'no'}`).click();
      await settled(p);
      assert.equal((await names(p))[0], l.leader);
      assert.equal(await p.locator('#banner').getAttribute('data-level'), l.banner);
      assert.ok(new URL(p.url()).searchParams.get(l.answer === 'yes' ? 'present' : 'absent').split(',').includes(l.question));
      await lessonShot(3);
      await p.uncheck('#large-type');  // remembered by the browser: the other tests expect normal type
      await p.close();
    });
  }

  test('a rule stopped by its unless names the exception that held, and its red flag stays down', async () => {
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    p.setDefaultTimeout(120000);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(`${unlessServer.url}?present=sym.bruising,sym.toe_stubbed,sym.nail_dark,loc.forefoot&condition=forefoot_stress`);
    await settled(p);
    await p.waitForSelector('#panel [data-why-not="forefoot_stress"]');
    const rule = await p.locator('#panel .why-not li[data-rule=forefoot_pain]').innerText();
    assert.match(rule, /Stopped by its exception \(unless\): A minor toe bruise/);
    assert.doesNotMatch(rule, /Waiting for/);
    assert.equal(await p.locator('#banner li[data-flag]').count(), 0);
    await p.evaluate(() => document.querySelector('#panel .why-not').scrollIntoView({ block: 'center' }));
    await shot('10-unless-stopped', p);
    // The exception unknown (the nail not reported): the flag is raised after all.
    await p.goto(`${unlessServer.url}?present=sym.bruising,sym.toe_stubbed`);
    await settled(p);
    assert.equal(await p.locator('#banner li[data-flag="red_flag_bruising"]').count(), 1);
    await shot('11-unless-unknown', p);
    await p.close();
  });

  test('no script error happened on the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
