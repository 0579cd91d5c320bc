// tools/web/src/main.ts: the classroom page. It asks the engine (the /v1 API of `ddx serve`) after every change
// and shows its answers; it computes no diagnosis of its own. Text from the knowledge base, the engine or a link
// is only ever put in as text (src/dom.ts).
import './style.css';
import { api, ApiError, type Catalog, type Explanation, type LibraryTest, type Result, type RuleInOut } from './api';
import { fill, h, svg, withCode } from './dom';
import {
  caseAtStep, caseJson, emptyCase, groupBy, History, movements, parseLink, percent, ratio, revealOrder,
  scorePrediction, searchFindings, setFinding, setValue, stateOf, toLink,
  type CaseState, type Known, type Mode, type Tri,
} from './logic';
import { renderNetwork } from './network';

const examples = import.meta.glob<{ default: { id?: string; present?: string[]; absent?: string[]; values?: Record<string, number> } }>(
  '../../../kb/examples/*.json',
  { eager: true },
);

const levelWords: Record<string, string> = {
  self_care: 'Self-care',
  modify_training: 'Modify training',
  stop_and_assess: 'Stop running and get assessed',
  urgent_care: 'Urgent care today',
  emergency: 'Emergency: call for help now',
};
const kindWords: Record<string, string> = {
  location: 'Where it hurts', symptom: 'Symptoms', timing: 'Timing', trigger: 'Triggers', reliever: 'What eases it',
  history: 'History', risk: 'Risk factors', sign: 'Examination signs', red_flag: 'Red flags', demographic: 'Demographics',
};

// ---- state ---------------------------------------------------------------------------------------------------
let catalog: Catalog;
let known: Known;
const names = new Map<string, string>(); // finding, fact, value, condition, flag id -> label
const ruleSources = new Map<string, string[]>();
const history = new History<CaseState>(emptyCase());
let mode: Mode = 'explore';
let selected: string | null = null;
let result: Result | null = null;
let lastOrder: string[] | null = null;
let moves = new Map<string, ReturnType<typeof movements> extends Map<string, infer M> ? M : never>();
let seq = 0; // answers to older requests are dropped
let firedOnly = true;
let focusRule: string | null = null; // a rule clicked in the network, outlined when its condition's panel opens
// step-through
let script: CaseState | null = null;
let step = 0;
let stepScores: Record<string, number>[] = [];
// predict first
let picks: string[] = ['', '', ''];
let revealed = false;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Requests in flight, as body[data-pending] (tests wait for 0: the page shows the engine's latest answers). */
let inflight = 0;
async function busy<T>(work: Promise<T>): Promise<T> {
  document.body.dataset.pending = String(++inflight);
  try {
    return await work;
  } finally {
    document.body.dataset.pending = String(--inflight);
  }
}
const label = (id: string) => names.get(id) ?? id;

// ---- layout --------------------------------------------------------------------------------------------------
function layout(): void {
  const modeButton = (m: Mode, text: string) =>
    h('button', { type: 'button', class: 'mode', 'data-mode': m, 'aria-pressed': 'false', onclick: () => setMode(m) }, text);
  fill(
    document.getElementById('app')!,
    h('a', { class: 'skip', href: '#ddx' }, 'Skip to the differential'),
    h('header', {},
      h('h1', {}, 'ddx classroom'),
      h('span', { class: 'kb', id: 'kb-name' }),
      h('nav', { 'aria-label': 'Teaching mode' }, modeButton('explore', 'Explore'), modeButton('step', 'Step-through'), modeButton('predict', 'Predict first')),
      h('div', { class: 'tools' },
        h('button', { type: 'button', id: 'undo', onclick: undo, title: 'Undo (Ctrl+Z)' }, 'Undo'),
        h('button', { type: 'button', id: 'redo', onclick: redo, title: 'Redo (Ctrl+Y)' }, 'Redo'),
        h('button', { type: 'button', id: 'clear', onclick: () => change(emptyCase()) }, 'New case'),
        h('button', { type: 'button', id: 'open-library', onclick: openLibrary }, 'Case library'),
        h('button', { type: 'button', id: 'share', onclick: share }, 'Share link'),
        h('label', { class: 'large' }, h('input', { type: 'checkbox', id: 'large-type', onchange: toggleLarge }), ' Large type'),
      ),
    ),
    h('div', { id: 'banner', class: 'banner', role: 'status', 'aria-live': 'polite', 'aria-label': 'Triage' }),
    h('div', { id: 'notice', class: 'notice', role: 'alert', hidden: true }),
    h('main', {},
      h('section', { id: 'builder', 'aria-labelledby': 'builder-title' },
        h('h2', { id: 'builder-title' }, 'Case'),
        h('label', { for: 'search', class: 'search-label' }, 'Find a finding (label, synonym or id)'),
        h('input', { id: 'search', type: 'search', autocomplete: 'off', placeholder: 'e.g. outer knee, downhill', oninput: renderSearch }),
        h('div', { id: 'search-results', 'aria-live': 'polite' }),
        h('div', { id: 'values' }),
        h('div', { id: 'groups' }),
      ),
      h('section', { id: 'ddx', 'aria-labelledby': 'ddx-title', tabindex: '-1' },
        h('div', { id: 'step' }),
        h('div', { id: 'predict' }),
        h('h2', { id: 'ddx-title' }, 'Differential'),
        h('ol', { id: 'differential', class: 'differential' }),
        h('div', { id: 'why-not-picker' }),
        h('h2', {}, 'Next best questions'),
        h('ul', { id: 'questions', class: 'chips' }),
      ),
      h('section', { id: 'panel', 'aria-labelledby': 'panel-title', 'aria-live': 'polite' }),
    ),
    h('details', { id: 'network-details', ontoggle: () => { if (networkOpen() && graphStale) void busy(renderGraph()); } },
      h('summary', {}, h('h2', { id: 'network-title' }, 'The network behind it')),
      h('section', { id: 'network', 'aria-labelledby': 'network-title' },
      h('label', {}, h('input', { type: 'checkbox', id: 'fired-only', checked: true, onchange: (e: Event) => { firedOnly = (e.target as HTMLInputElement).checked; renderGraph(); } }), ' Fired rules only'),
      h('p', { id: 'network-note', class: 'muted' }),
      h('div', { id: 'graph', class: 'graph' }),
    )),
    h('dialog', { id: 'library', 'aria-labelledby': 'library-title' }),
    h('footer', { id: 'disclaimer' }),
  );
}

// ---- case builder ----------------------------------------------------------------------------------------------
function triToggle(id: string, text: string, prefix: string): HTMLElement {
  const name = `${prefix}-${id}`;
  const radio = (tri: Tri, word: string) =>
    h('label', { class: `tri tri-${tri}` },
      h('input', { type: 'radio', name, value: tri, 'data-finding': id, onchange: () => change(setFinding(history.current, id, tri)) }),
      h('span', {}, word));
  return h('fieldset', { class: 'finding', 'data-finding': id, onkeydown: (e: KeyboardEvent) => keyToggle(e, id) },
    h('legend', {}, text, h('span', { class: 'id' }, id)),
    radio('present', 'yes'), radio('absent', 'no'), radio('unknown', '?'));
}

/** p / y: present, a / n: absent, u / ?: unknown, on any focused toggle. */
function keyToggle(e: KeyboardEvent, id: string): void {
  const to: Tri | null = 'py'.includes(e.key) ? 'present' : 'an'.includes(e.key) ? 'absent' : 'u?'.includes(e.key) ? 'unknown' : null;
  if (!to || e.ctrlKey || e.metaKey || e.altKey) return;
  e.preventDefault();
  change(setFinding(history.current, id, to));
}

function renderBuilder(): void {
  fill($('values'), ...catalog.values.map((v) =>
    h('label', { class: 'value' }, `${v.label}${v.unit ? ` (${v.unit})` : ''}`,
      h('input', {
        type: 'number', id: `value-${v.id}`, 'data-value': v.id, min: v.low ?? undefined, max: v.high ?? undefined, step: 'any',
        onchange: (e: Event) => onValue(v.id, e.target as HTMLInputElement),
      }))));
  const byRegion = groupBy(catalog.findings, (f) => f.region || 'general', [...catalog.regions, 'general']);
  fill($('groups'), ...byRegion.map(([region, fs]) =>
    h('details', { class: 'region', open: region === 'knee' },
      h('summary', {}, h('span', { class: 'region-name' }, region.replace(/_/g, ' ')), h('span', { class: 'count', 'data-region': region })),
      ...groupBy(fs, (f) => f.kind, Object.keys(kindWords)).map(([kind, list]) =>
        h('div', { class: 'kind' }, h('h3', {}, kindWords[kind] ?? kind), ...list.map((f) => triToggle(f.id, f.label, 'g')))))));
}

function onValue(id: string, input: HTMLInputElement): void {
  const text = input.value.trim();
  if (text === '') return change(setValue(history.current, id, null));
  const v = Number(text);
  const range = known.values.get(id)!;
  if (!Number.isFinite(v) || (range.low !== null && v < range.low) || (range.high !== null && v > range.high)) {
    input.setAttribute('aria-invalid', 'true');
    notice(`${label(id)} must be a number from ${range.low} to ${range.high}.`);
    return;
  }
  input.removeAttribute('aria-invalid');
  change(setValue(history.current, id, v));
}

function renderSearch(): void {
  const query = ($('search') as HTMLInputElement).value;
  const hits = searchFindings(catalog.findings, query).slice(0, 8);
  fill($('search-results'),
    query.trim() && !hits.length ? h('p', { class: 'muted' }, 'No finding matches.') : null,
    ...hits.map((f) => triToggle(f.id, f.label, 's')));
  syncToggles();
}

function syncToggles(): void {
  const c = history.current;
  document.querySelectorAll<HTMLInputElement>('input[type=radio][data-finding]').forEach((r) => {
    r.checked = stateOf(c, r.dataset.finding!) === r.value;
  });
  document.querySelectorAll<HTMLInputElement>('input[data-value]').forEach((i) => {
    if (document.activeElement === i) return;
    const v = c.values[i.dataset.value!];
    i.value = v === undefined ? '' : String(v);
  });
  document.querySelectorAll<HTMLElement>('.count[data-region]').forEach((el) => {
    const region = el.dataset.region!;
    const n = catalog.findings.filter((f) => (f.region || 'general') === region && stateOf(c, f.id) !== 'unknown').length;
    el.textContent = n ? ` (${n} set)` : '';
  });
}

// ---- changes, undo, link ---------------------------------------------------------------------------------------
function change(next: CaseState): void {
  history.push(next);
  if (mode === 'predict') revealed = false;
  void refresh();
}
function undo(): void { if (history.canUndo()) { history.undo(); void refresh(); } }
function redo(): void { if (history.canRedo()) { history.redo(); void refresh(); } }

function linkCase(): CaseState { return mode === 'step' && script ? script : history.current; }

function updateUrl(): void {
  const query = toLink({ case: linkCase(), mode, condition: selected });
  window.history.replaceState(null, '', location.pathname + query);
}

async function share(): Promise<void> {
  const url = location.origin + location.pathname + toLink({ case: linkCase(), mode, condition: selected });
  try {
    await navigator.clipboard.writeText(url);
    notice(`Link copied: ${url}`);
  } catch {
    notice(`Link: ${url}`);
  }
}

function notice(text: string): void {
  const n = $('notice');
  fill(n, text, ' ', h('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', onclick: () => { n.hidden = true; } }, '×'));
  n.hidden = false;
}

function toggleLarge(): void {
  const on = ($('large-type') as HTMLInputElement).checked;
  document.documentElement.classList.toggle('large-type', on);
  try { localStorage.setItem('ddx.large', on ? '1' : '0'); } catch { /* private mode */ }
}

function setMode(m: Mode): void {
  mode = m;
  if (m === 'step') startSteps(history.current);
  if (m === 'predict') { revealed = false; picks = ['', '', '']; }
  void refresh();
}

// ---- asking the engine -----------------------------------------------------------------------------------------
async function refresh(): Promise<void> {
  const mine = ++seq;
  const body = caseJson(history.current);
  syncToggles();
  updateUrl();
  ($('undo') as HTMLButtonElement).disabled = !history.canUndo();
  ($('redo') as HTMLButtonElement).disabled = !history.canRedo();
  document.querySelectorAll<HTMLButtonElement>('button.mode').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.mode === mode)));
  let r: Result;
  try {
    r = await busy(api.diagnose(body));
  } catch (e) {
    notice(e instanceof ApiError ? `The engine refused the case: ${e.message}` : 'The server cannot be reached.');
    return;
  }
  if (mine !== seq) return;
  result = r;
  const order = r.differential.map((d) => d.id);
  moves = movements(lastOrder, order);
  lastOrder = order;
  if (mode === 'step' && script) recordStep(r);
  renderBanner(r);
  renderDifferential(r);
  renderQuestions(r);
  renderStep();
  renderPredict();
  document.body.dataset.ready = String(mine); // for tests: the page shows this answer
  await busy(Promise.all([renderPanel(body, mine), renderGraph()]));
}

// ---- triage banner ---------------------------------------------------------------------------------------------
function renderBanner(r: Result): void {
  const b = $('banner');
  b.className = `banner level-${r.triage.level}`;
  b.dataset.level = r.triage.level;
  const set = r.triage.set_by;
  const why =
    set.kind === 'flag' ? `set by the red flag “${set.label}”`
    : set.kind === 'condition' ? `set by the condition “${set.label}”`
    : 'no red flag raised and no supported condition needs more';
  fill(b,
    h('strong', { class: 'level' }, levelWords[r.triage.level] ?? r.triage.level),
    h('span', { class: 'why' }, ` (${why})`),
    r.triage.flags.length
      ? h('ul', { class: 'flags' }, ...r.triage.flags.map((f) =>
        h('li', { 'data-flag': f.id }, h('strong', {}, f.label), ': ', f.advice,
          h('span', { class: 'muted' }, ` (because ${f.because.map(label).join(', ')})`))))
      : null);
}

// ---- differential ----------------------------------------------------------------------------------------------
function marker(id: string): HTMLElement {
  const m = moves.get(id);
  if (!m || m.kind === 'same') return h('span', { class: 'move same', 'aria-label': 'unchanged' }, '');
  if (m.kind === 'new') return h('span', { class: 'move new', 'aria-label': 'new' }, 'new');
  return h('span', { class: `move ${m.kind}`, 'aria-label': `${m.kind} ${m.by}` }, `${m.kind === 'up' ? '▲' : '▼'}${m.by}`);
}

function renderDifferential(r: Result): void {
  const hidden = mode === 'predict' && !revealed;
  $('differential').hidden = hidden;
  $('ddx-title').textContent = hidden ? 'Differential (hidden until you reveal it)' : 'Differential';
  fill($('differential'), ...(r.differential.length ? r.differential.map((d) =>
    h('li', { 'data-condition': d.id, class: d.id === selected ? 'selected' : '' },
      h('span', { class: 'rank' }, d.rank),
      h('button', { type: 'button', class: 'name', 'aria-pressed': String(d.id === selected), onclick: () => select(d.id) }, d.name),
      h('span', { class: 'bar', role: 'img', 'aria-label': `score ${percent(d.score)}` }, barFill(d.score)),
      h('span', { class: 'score' }, percent(d.score)),
      marker(d.id))) : [h('li', { class: 'muted empty' }, 'No condition has evidence yet: set some findings.')]));
  const listed = new Set(r.differential.map((d) => d.id));
  const others = catalog.conditions.filter((c) => !listed.has(c.id)).sort((a, b) => a.name.localeCompare(b.name));
  fill($('why-not-picker'),
    h('label', { for: 'why-not' }, 'Why not…? '),
    h('select', { id: 'why-not', onchange: (e: Event) => { const v = (e.target as HTMLSelectElement).value; if (v) select(v); } },
      h('option', { value: '' }, 'a condition not listed'),
      ...others.map((c) => h('option', { value: c.id, selected: c.id === selected }, c.name))));
}

function barFill(score: number): HTMLElement {
  const el = h('span', { class: 'fill' });
  el.style.width = `${Math.max(0, Math.min(1, score)) * 100}%`;
  return el;
}

// ---- next questions --------------------------------------------------------------------------------------------
function renderQuestions(r: Result): void {
  fill($('questions'), ...(r.next_questions.length ? r.next_questions.map((q) =>
    h('li', { class: 'chip', 'data-finding': q.finding },
      h('span', { class: 'q' }, `${q.label}?`),
      h('span', { class: 'gain', title: 'expected information gain' }, `${q.value.toFixed(2)} bits`),
      h('button', { type: 'button', class: 'yes', 'aria-label': `${q.label}: yes`, onclick: () => change(setFinding(history.current, q.finding, 'present')) }, 'yes'),
      h('button', { type: 'button', class: 'no', 'aria-label': `${q.label}: no`, onclick: () => change(setFinding(history.current, q.finding, 'absent')) }, 'no')))
    : [h('li', { class: 'muted' }, 'No question would change the leaders.')]));
}

// ---- condition panel -------------------------------------------------------------------------------------------
function select(id: string | null): void {
  selected = id;
  updateUrl();
  if (result) renderDifferential(result);
  const body = caseJson(history.current);
  void busy(Promise.all([renderPanel(body, seq), renderGraph()]));
}

function findingsText(ids: string[], absent: string[] = []): string {
  return ids.map((id) => (absent.includes(id) ? `no ${label(id).toLowerCase()}` : label(id))).join('; ');
}

async function renderPanel(body: string, mine: number): Promise<void> {
  const panel = $('panel');
  if (!selected) {
    fill(panel, h('h2', { id: 'panel-title' }, 'Condition'), h('p', { class: 'muted' }, 'Click a condition to see the evidence for and against it, why another is not listed, and what would rule it in or out.'));
    return;
  }
  const id = selected;
  let e: Explanation, rio: RuleInOut;
  try {
    [e, rio] = await Promise.all([api.explain(body, id), api.ruleInOut(body, id)]);
  } catch (err) {
    notice(err instanceof Error ? err.message : 'The server cannot be reached.');
    return;
  }
  if (mine !== seq || id !== selected) return;
  const cond = catalog.conditions.find((c) => c.id === id)!;
  const ranked = result?.differential.find((d) => d.id === id);
  const waiting = e.rules.filter((r) => r.outcome !== 'true');
  const evidence = (effect: 'for' | 'against') => {
    const items = ranked ? ranked.evidence[effect] : [];
    return h('section', { class: `evidence ${effect}`, 'data-evidence': effect },
      h('h3', {}, effect === 'for' ? 'Evidence for' : 'Evidence against'),
      items.length ? h('ul', {}, ...items.map((ev) => {
        const sources = ruleSources.get(ev.rule_id) ?? [];
        return h('li', { 'data-rule': ev.rule_id },
          h('span', { class: 'text' }, ev.text), ' ', h('span', { class: 'lr', title: 'likelihood ratio' }, ratio(ev.lr)),
          h('div', { class: 'because' }, 'Findings: ', findingsText(ev.because, ev.because_absent)),
          h('div', { class: 'source' }, 'Rule ', h('code', {}, ev.rule_id), ` at ${ev.rule}`,
            sources.length ? ` · source: ${sources.join('; ')}` : ''));
      })) : h('p', { class: 'muted' }, 'None fired.'));
  };
  const facts = (result?.derived_facts ?? []).filter((f) => e.rules.some((r) => r.satisfied.includes(f)));
  fill(panel,
    h('h2', { id: 'panel-title', 'data-condition': id }, e.name),
    h('p', { class: 'summary' }, e.rank ? `Ranked ${e.rank}, score ${percent(e.score)}.` : `Not listed: no rule for it has fired (score ${percent(e.score)}).`),
    cond.advice ? h('p', { class: 'advice' }, cond.advice) : null,
    h('p', { class: 'muted' }, ...withCode(e.triage_summary)),
    evidence('for'), evidence('against'),
    h('section', { class: 'facts' }, h('h3', {}, 'Derived facts behind it'),
      facts.length ? h('ul', {}, ...facts.map((f) => h('li', { 'data-fact': f }, label(f), ' ', h('code', {}, f)))) : h('p', { class: 'muted' }, 'None.')),
    h('section', { class: 'why-not', 'data-why-not': id }, h('h3', {}, ranked ? 'Rules still waiting' : `Why not ${e.name}?`),
      waiting.length ? h('ul', {}, ...waiting.map((r) => h('li', { 'data-rule': r.rule_id, class: `outcome-${r.outcome}` },
        h('span', { class: 'text' }, r.text), ` (${r.effect}, ${ratio(Math.exp(Math.abs(r.weight)))})`,
        r.waiting_for.length ? h('div', {}, 'Waiting for: ', findingsText(r.waiting_for)) : null,
        r.blocking.length ? h('div', {}, 'Stopped by: ', findingsText(r.blocking, r.blocking_absent)) : null,
        r.blocked_by_unless?.length ? h('div', {}, 'Stopped by its exception (unless): ',
          findingsText(r.blocked_by_unless, r.blocked_by_unless_absent ?? [])) : null,
        h('div', { class: 'source' }, 'Rule ', h('code', {}, r.rule_id), ` at ${r.rule}`,
          ruleSources.get(r.rule_id)?.length ? ` · source: ${ruleSources.get(r.rule_id)!.join('; ')}` : '')))) : h('p', { class: 'muted' }, 'Every rule about it has fired.')),
    h('section', { class: 'rule-in-out' }, h('h3', {}, 'Rule in or out: the unknown findings that would move it most'),
      rio.moves.length ? h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Finding'), h('th', { scope: 'col' }, 'If yes'), h('th', { scope: 'col' }, 'If no'))),
        h('tbody', {}, ...rio.moves.map((m) => h('tr', { 'data-finding': m.finding },
          h('th', { scope: 'row' }, m.label),
          h('td', {}, h('button', { type: 'button', onclick: () => change(setFinding(history.current, m.finding, 'present')) }, `${percent(m.if_present)} (${signed(m.change_if_present)})`)),
          h('td', {}, h('button', { type: 'button', onclick: () => change(setFinding(history.current, m.finding, 'absent')) }, `${percent(m.if_absent)} (${signed(m.change_if_absent)})`)))))) :
        h('p', { class: 'muted' }, 'No single unknown finding moves it.')),
    h('p', { class: 'muted' }, 'Condition sources: ', cond.sources.join('; ')),
    h('button', { type: 'button', onclick: () => select(null) }, 'Close'));
  if (focusRule) {
    const el = panel.querySelector<HTMLElement>(`[data-rule="${CSS.escape(focusRule)}"]`);
    el?.classList.add('focus-rule');
    el?.scrollIntoView({ block: 'nearest' });
    focusRule = null;
  }
}

function signed(x: number): string {
  const p = Math.round(x * 100);
  return p > 0 ? `+${p} points` : p < 0 ? `−${-p} points` : '±0';
}

// ---- network ---------------------------------------------------------------------------------------------------
// Graphviz (a large WebAssembly module) is loaded and lays out only while the network is open: laying out on every
// change of a case nobody is looking at would slow each step down for nothing.
let graphStale = true;
const networkOpen = () => ($('network-details') as HTMLDetailsElement).open;

async function renderGraph(): Promise<void> {
  graphStale = true;
  if (!networkOpen()) return;
  graphStale = false;
  const box = $('graph');
  const only = firedOnly || !selected;
  const note = $('network-note');
  if (!selected && !(result && result.differential.length)) {
    fill(box);
    note.textContent = 'Set findings or pick a condition to draw the part of the network behind it.';
    return;
  }
  const mine = seq, want = selected;
  try {
    const g = await api.graph(caseJson(history.current), selected, only);
    if (mine !== seq || want !== selected) return;
    note.textContent = `${selected ? `Behind “${label(selected)}”` : 'Everything this case fired'}${only ? ', fired rules only' : ''}: ${g.nodes} nodes. Lit: fired rules and true findings and facts; the rest faded. Click a node to open its rule.`;
    await renderNetwork(box, g.dot, onNode);
  } catch (e) {
    note.textContent = e instanceof Error ? `The network could not be drawn: ${e.message}` : 'The network could not be drawn.';
  }
}

function onNode(key: string, targets: string[]): void {
  const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  if (kind === 'condition') return select(id);
  if (kind === 'rule') {
    const cond = targets.find((t) => t.startsWith('condition:'));
    if (cond) {
      focusRule = id;
      select(cond.slice('condition:'.length));
      return;
    }
    const rule = catalog.rules.find((r) => r.id === id);
    if (rule)
      notice(`Rule ${rule.id} (${rule.location}): ${rule.text}. It leads to ${targets.map((t) => label(t.slice(t.indexOf(':') + 1))).join(', ')}` +
        (rule.sources.length ? `; source: ${rule.sources.join('; ')}` : '') + '.');
    return;
  }
  if (kind === 'finding') {
    const toggle = document.querySelector<HTMLElement>(`#groups fieldset[data-finding="${CSS.escape(id)}"]`);
    if (toggle) {
      toggle.closest('details')?.setAttribute('open', '');
      toggle.scrollIntoView({ block: 'center' });
      toggle.querySelector<HTMLInputElement>('input:checked, input')?.focus();
    }
  }
}

// ---- step-through ----------------------------------------------------------------------------------------------
function startSteps(full: CaseState): void {
  script = full;
  step = 0;
  stepScores = [];
  history.push(caseAtStep(full, 0));
}

function recordStep(r: Result): void {
  const scores: Record<string, number> = {};
  for (const d of r.differential.slice(0, 6)) scores[d.id] = d.score;
  stepScores[step] = scores;
  stepScores.length = step + 1;
}

function goStep(n: number): void {
  if (!script) return;
  step = Math.max(0, Math.min(revealOrder(script).length, n));
  history.push(caseAtStep(script, step));
  void refresh();
}

function renderStep(): void {
  const box = $('step');
  if (mode !== 'step' || !script) return fill(box);
  const order = revealOrder(script);
  const total = order.length;
  const last = step > 0 ? order[step - 1] : null;
  fill(box,
    h('h2', {}, 'Step-through'),
    total === 0 ? h('p', { class: 'muted' }, 'This case has no findings to reveal: build a case or open one from the library, then choose Step-through again.') : null,
    h('p', { id: 'step-status' }, `Step ${step} of ${total}`, last ? `: revealed ${last.tri === 'present' ? '' : 'no '}${label(last.id)}` : ''),
    h('div', { class: 'step-buttons' },
      h('button', { type: 'button', id: 'step-back', disabled: step === 0, onclick: () => goStep(step - 1) }, '◀ Back'),
      h('button', { type: 'button', id: 'step-next', disabled: step >= total, onclick: () => goStep(step + 1) }, 'Reveal next ▶'),
      h('button', { type: 'button', id: 'step-all', disabled: step >= total, onclick: () => goStep(total) }, 'Reveal all')),
    chart());
}

/** The leaders' scores step by step: one line each for the conditions that were ever in the top 3. */
function chart(): Element {
  const W = 420, H = 150, P = 26;
  const ids: string[] = [];
  stepScores.forEach((s) => Object.entries(s).sort((a, b) => b[1] - a[1]).slice(0, 3).forEach(([id]) => { if (!ids.includes(id)) ids.push(id); }));
  const n = Math.max(1, stepScores.length - 1);
  const x = (i: number) => P + (i / n) * (W - 2 * P);
  const y = (v: number) => H - P - v * (H - 2 * P);
  const colours = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'history', role: 'img', 'aria-label': 'Ranking history: the leading conditions\u2019 scores at each step' },
    svg('line', { x1: P, y1: y(0), x2: W - P, y2: y(0), class: 'axis' }),
    svg('line', { x1: P, y1: y(0), x2: P, y2: y(1), class: 'axis' }),
    svg('text', { x: 2, y: y(1) + 4, class: 'tick' }, '100%'),
    svg('text', { x: 8, y: y(0) + 4, class: 'tick' }, '0%'),
    svg('text', { x: W - P, y: H - 6, class: 'tick', 'text-anchor': 'end' }, `step ${stepScores.length - 1}`));
  ids.forEach((id, k) => {
    const pts = stepScores.map((s, i) => `${x(i)},${y(s[id] ?? 0)}`).join(' ');
    root.appendChild(svg('polyline', { points: pts, fill: 'none', stroke: colours[k % colours.length], 'stroke-width': 2.5 }, svg('title', {}, label(id))));
  });
  const legend = h('ul', { class: 'legend' }, ...ids.map((id, k) => {
    const sw = h('span', { class: 'swatch' });
    sw.style.background = colours[k % colours.length];
    return h('li', {}, sw, label(id));
  }));
  return h('figure', { class: 'chart', id: 'history-chart' }, root, legend, h('figcaption', { class: 'muted' }, 'Ranking history'));
}

// ---- predict first ---------------------------------------------------------------------------------------------
function renderPredict(): void {
  const box = $('predict');
  if (mode !== 'predict') return fill(box);
  const sorted = [...catalog.conditions].sort((a, b) => a.name.localeCompare(b.name));
  const pickers = picks.map((p, i) => h('label', {}, `Pick ${i + 1} `,
    h('select', { id: `pick-${i}`, disabled: revealed, onchange: (e: Event) => { picks[i] = (e.target as HTMLSelectElement).value; } },
      h('option', { value: '' }, '—'), ...sorted.map((c) => h('option', { value: c.id, selected: c.id === p }, c.name)))));
  const diff = result?.differential.map((d) => d.id) ?? [];
  const scored = revealed ? scorePrediction(picks.filter((p) => p), diff) : null;
  fill(box,
    h('h2', {}, 'Predict first'),
    h('p', {}, 'Commit to your top 3 before the engine shows its differential.'),
    h('div', { class: 'picks' }, ...pickers),
    revealed
      ? h('div', { id: 'prediction', class: 'prediction' }, h('p', {}, scored!.summary),
        h('ul', {}, ...scored!.picks.map((p) => h('li', {}, label(p.id), p.rank ? ` — engine rank ${p.rank}` : ' — not in the engine\u2019s differential'))),
        h('button', { type: 'button', onclick: () => { revealed = false; picks = ['', '', '']; void refresh(); } }, 'Try again'))
      : h('button', { type: 'button', id: 'reveal', onclick: () => { if (!picks.some((p) => p)) return notice('Pick at least one condition first.'); revealed = true; void refresh(); } }, 'Reveal the differential'));
}

// ---- case library ----------------------------------------------------------------------------------------------
let library: LibraryTest[] | null = null;
async function openLibrary(): Promise<void> {
  const dlg = $('library') as HTMLDialogElement;
  if (!library) {
    try { library = (await busy(api.library())).tests; } catch { library = []; }
  }
  const load = (c: { present?: string[]; absent?: string[]; values?: Record<string, number> }) => {
    const present = (c.present ?? []).filter((f) => known.findings.has(f));
    const absent = (c.absent ?? []).filter((f) => known.findings.has(f));
    const values = Object.fromEntries(Object.entries(c.values ?? {}).filter(([k]) => known.values.has(k)));
    dlg.close();
    if (mode === 'step') { startSteps({ present, absent, values }); void refresh(); } else change({ present, absent, values });
  };
  const ex = Object.entries(examples).map(([path, m]) => ({ name: path.split('/').pop()!.replace(/\.json$/, ''), c: m.default }));
  fill(dlg,
    h('h2', { id: 'library-title' }, 'Case library'),
    h('p', { class: 'muted' }, 'Opening a case replaces the current one (Undo brings it back). In step-through, it is revealed one finding at a time.'),
    h('h3', {}, 'Bundled examples'),
    h('ul', { class: 'library' }, ...ex.map((e) => h('li', {}, h('button', { type: 'button', 'data-example': e.name, onclick: () => load(e.c) }, e.name.replace(/_/g, ' '))))),
    h('h3', {}, 'The knowledge base\u2019s tests, by region'),
    ...groupBy(library, (t) => t.region, catalog.regions).map(([region, ts]) =>
      h('details', {}, h('summary', {}, `${region.replace(/_/g, ' ')} (${ts.length})`),
        h('ul', { class: 'library' }, ...ts.map((t) => h('li', {},
          h('button', { type: 'button', 'data-test': t.id, onclick: () => load(t.case) }, t.label || t.id),
          h('span', { class: 'expects muted' }, t.expects.join('; '))))))),
    h('button', { type: 'button', class: 'close-dialog', onclick: () => dlg.close() }, 'Close'));
  dlg.showModal();
}

// ---- start -----------------------------------------------------------------------------------------------------
function keys(e: KeyboardEvent): void {
  const t = e.target as HTMLElement;
  const typing = t instanceof HTMLInputElement && (t.type === 'search' || t.type === 'number' || t.type === 'text');
  if ((e.ctrlKey || e.metaKey) && !typing) {
    if (e.key === 'z' && !e.shiftKey) { e.preventDefault(); undo(); }
    else if (e.key === 'y' || (e.key === 'Z' && e.shiftKey)) { e.preventDefault(); redo(); }
  } else if (e.key === '/' && !typing) {
    e.preventDefault();
    $('search').focus();
  }
}

async function start(): Promise<void> {
  layout();
  try {
    catalog = await api.catalog();
  } catch {
    notice('The knowledge base could not be read from the server.');
    return;
  }
  for (const f of catalog.findings) names.set(f.id, f.label);
  for (const f of catalog.facts) names.set(f.id, f.label);
  for (const v of catalog.values) names.set(v.id, v.label);
  for (const c of catalog.conditions) names.set(c.id, c.name);
  for (const f of catalog.flags) names.set(f.id, f.label);
  for (const r of catalog.rules) ruleSources.set(r.id, r.sources);
  known = {
    findings: new Set(catalog.findings.map((f) => f.id)),
    values: new Map(catalog.values.map((v) => [v.id, { low: v.low, high: v.high }])),
    conditions: new Set(catalog.conditions.map((c) => c.id)),
  };
  $('kb-name').textContent = `${catalog.kb.name} ${catalog.kb.version}`;
  $('disclaimer').textContent = catalog.disclaimer;
  renderBuilder();
  try {
    if (localStorage.getItem('ddx.large') === '1') { ($('large-type') as HTMLInputElement).checked = true; toggleLarge(); }
  } catch { /* private mode */ }
  const { state, problems } = parseLink(location.search, known);
  selected = state.condition;
  mode = state.mode;
  if (mode === 'step') startSteps(state.case);
  else history.reset(state.case);
  if (problems.length) notice(`Part of the link was left out: ${problems.map((p) => p.message).join('; ')}.`);
  document.addEventListener('keydown', keys);
  await refresh();
}

void start();
