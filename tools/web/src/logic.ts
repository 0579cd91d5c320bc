// tools/web/src/logic.ts: the page's logic without the DOM: the case and its link, undo/redo, movement between
// two rankings, finding search, predict-first scoring. Unit-tested in tests/unit/logic.test.ts.

export type Tri = 'present' | 'absent' | 'unknown';
export type Mode = 'explore' | 'step' | 'predict';
export const modes: readonly Mode[] = ['explore', 'step', 'predict'];

export interface CaseState {
  present: string[];
  absent: string[];
  values: Record<string, number>;
}

/** Everything a shared link carries. */
export interface LinkState {
  case: CaseState;
  mode: Mode;
  condition: string | null;
}

export const emptyCase = (): CaseState => ({ present: [], absent: [], values: {} });

export function stateOf(c: CaseState, id: string): Tri {
  if (c.present.includes(id)) return 'present';
  if (c.absent.includes(id)) return 'absent';
  return 'unknown';
}

/** A new case with `id` set to `to` (the old case is not changed). */
export function setFinding(c: CaseState, id: string, to: Tri): CaseState {
  const present = c.present.filter((x) => x !== id);
  const absent = c.absent.filter((x) => x !== id);
  if (to === 'present') present.push(id);
  if (to === 'absent') absent.push(id);
  return { present, absent, values: { ...c.values } };
}

/** A new case with value `id` set, or removed when `v` is null. */
export function setValue(c: CaseState, id: string, v: number | null): CaseState {
  const values = { ...c.values };
  if (v === null) delete values[id];
  else values[id] = v;
  return { present: [...c.present], absent: [...c.absent], values };
}

/** The case as the API takes it (docs/json-contracts.md). */
export function caseJson(c: CaseState, id?: string): string {
  return JSON.stringify({ ...(id ? { id } : {}), present: c.present, absent: c.absent, values: c.values });
}

/** What a link asks for that cannot be used, in words, for a notice on the page. */
export interface LinkProblem {
  parameter: string;
  message: string;
}

export interface Known {
  findings: ReadonlySet<string>;
  values: ReadonlyMap<string, { low: number | null; high: number | null }>;
  conditions: ReadonlySet<string>;
}

const splitList = (s: string | null): string[] =>
  s === null ? [] : s.split(',').map((x) => x.trim()).filter((x) => x.length > 0);

/**
 * Reads `?present=a,b&absent=c&values=age:34,pain_score:4&mode=step&condition=itbs`. Unknown ids, bad numbers and
 * contradictions are left out and reported; the rest of the link still opens.
 */
export function parseLink(search: string, known: Known): { state: LinkState; problems: LinkProblem[] } {
  const q = new URLSearchParams(search);
  const problems: LinkProblem[] = [];
  let c = emptyCase();
  for (const [param, tri] of [['present', 'present'], ['absent', 'absent']] as const) {
    for (const id of splitList(q.get(param))) {
      if (!known.findings.has(id)) problems.push({ parameter: param, message: `unknown finding “${id}”` });
      else if (stateOf(c, id) !== 'unknown')
        problems.push({ parameter: param, message: `finding “${id}” is given twice; the first is kept` });
      else c = setFinding(c, id, tri);
    }
  }
  for (const item of splitList(q.get('values'))) {
    const colon = item.indexOf(':');
    const id = colon < 0 ? item : item.slice(0, colon);
    const text = colon < 0 ? '' : item.slice(colon + 1);
    const range = known.values.get(id);
    const v = text.trim() === '' ? NaN : Number(text);
    if (!range) problems.push({ parameter: 'values', message: `unknown value “${id}”` });
    else if (!Number.isFinite(v)) problems.push({ parameter: 'values', message: `“${id}” needs a number, as ${id}:30` });
    else if ((range.low !== null && v < range.low) || (range.high !== null && v > range.high))
      problems.push({ parameter: 'values', message: `“${id}” is ${v}, expected ${range.low} to ${range.high}` });
    else c = setValue(c, id, v);
  }
  let mode: Mode = 'explore';
  const m = q.get('mode');
  if (m !== null) {
    if ((modes as readonly string[]).includes(m)) mode = m as Mode;
    else problems.push({ parameter: 'mode', message: `unknown mode “${m}”, expected explore, step or predict` });
  }
  let condition: string | null = null;
  const cond = q.get('condition');
  if (cond !== null && cond !== '') {
    if (known.conditions.has(cond)) condition = cond;
    else problems.push({ parameter: 'condition', message: `unknown condition “${cond}”` });
  }
  return { state: { case: c, mode, condition }, problems };
}

/** The link's query string, readable: commas and colons as they are, each id encoded on its own. */
export function toLink(s: LinkState): string {
  const parts: string[] = [];
  const enc = encodeURIComponent;
  if (s.case.present.length) parts.push('present=' + s.case.present.map(enc).join(','));
  if (s.case.absent.length) parts.push('absent=' + s.case.absent.map(enc).join(','));
  const values = Object.entries(s.case.values);
  if (values.length) parts.push('values=' + values.map(([k, v]) => `${enc(k)}:${v}`).join(','));
  if (s.mode !== 'explore') parts.push('mode=' + s.mode);
  if (s.condition) parts.push('condition=' + enc(s.condition));
  return parts.length ? '?' + parts.join('&') : '';
}

/** Undo / redo over immutable states. */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  constructor(private now: T, private readonly limit = 200) {}
  get current(): T {
    return this.now;
  }
  /** Starts over from `now` with nothing to undo or redo. */
  reset(now: T): void {
    this.now = now;
    this.past = [];
    this.future = [];
  }
  push(next: T): void {
    this.past.push(this.now);
    if (this.past.length > this.limit) this.past.shift();
    this.now = next;
    this.future = [];
  }
  canUndo(): boolean {
    return this.past.length > 0;
  }
  canRedo(): boolean {
    return this.future.length > 0;
  }
  undo(): T {
    const prev = this.past.pop();
    if (prev !== undefined) {
      this.future.push(this.now);
      this.now = prev;
    }
    return this.now;
  }
  redo(): T {
    const next = this.future.pop();
    if (next !== undefined) {
      this.past.push(this.now);
      this.now = next;
    }
    return this.now;
  }
}

export type Movement = { kind: 'new' } | { kind: 'up' | 'down'; by: number } | { kind: 'same' };

/** Each condition's move from the previous ranking (ids best first) to this one. */
export function movements(previous: readonly string[] | null, now: readonly string[]): Map<string, Movement> {
  const out = new Map<string, Movement>();
  now.forEach((id, i) => {
    if (previous === null) return out.set(id, { kind: 'same' });
    const j = previous.indexOf(id);
    if (j < 0) out.set(id, { kind: 'new' });
    else if (j > i) out.set(id, { kind: 'up', by: j - i });
    else if (j < i) out.set(id, { kind: 'down', by: i - j });
    else out.set(id, { kind: 'same' });
  });
  return out;
}

export interface Searchable {
  id: string;
  label: string;
  synonyms: string[];
}

/**
 * Findings matching every word of `query` in their label, a synonym or the id, best first: a label or id that
 * starts with the query, then a word start, then anywhere. An empty query matches nothing.
 */
export function searchFindings<T extends Searchable>(items: readonly T[], query: string): T[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (!words.length) return [];
  const q = words.join(' ');
  const scored: { item: T; score: number }[] = [];
  for (const item of items) {
    const texts = [item.label, item.id, ...item.synonyms].map((t) => t.toLowerCase());
    const hay = texts.join(' | ');
    if (!words.every((w) => hay.includes(w))) continue;
    let score = 3;
    if (texts.some((t) => t.startsWith(q))) score = 0;
    else if (texts.some((t) => t.split(/[\s._\-/]+/).some((part) => part.startsWith(words[0])))) score = 1;
    else if (texts.some((t) => t.includes(q))) score = 2;
    scored.push({ item, score });
  }
  scored.sort((a, b) => a.score - b.score || a.item.label.localeCompare(b.item.label));
  return scored.map((s) => s.item);
}

export interface PredictionScore {
  picks: { id: string; rank: number | null }[];
  leaderPicked: boolean;
  inTopThree: number;
  summary: string;
}

/** How a student's top 3 compares with the engine's differential (ids best first). */
export function scorePrediction(picks: readonly string[], differential: readonly string[]): PredictionScore {
  const ranked = picks.map((id) => {
    const i = differential.indexOf(id);
    return { id, rank: i < 0 ? null : i + 1 };
  });
  const inTopThree = ranked.filter((p) => p.rank !== null && p.rank <= 3).length;
  const leaderPicked = differential.length > 0 && picks.includes(differential[0]);
  const summary =
    differential.length === 0
      ? 'The engine lists no condition for this case.'
      : `${inTopThree} of your ${picks.length} picks are in the engine's top 3; ` +
        (leaderPicked ? 'you named its leader.' : 'its leader was not among them.');
  return { picks: ranked, leaderPicked, inTopThree, summary };
}

/** Groups items by a key, keys in first-seen order unless `order` is given. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string, order?: readonly string[]): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const k of order ?? []) map.set(k, []);
  for (const it of items) {
    const k = key(it);
    if (!map.has(k)) map.set(k, []);
    map.get(k)!.push(it);
  }
  return [...map.entries()].filter(([, v]) => v.length > 0);
}

/** The order findings are revealed in step-through: present first (as given), then absent. */
export function revealOrder(c: CaseState): { id: string; tri: Tri }[] {
  return [
    ...c.present.map((id) => ({ id, tri: 'present' as Tri })),
    ...c.absent.map((id) => ({ id, tri: 'absent' as Tri })),
  ];
}

/** The case after the first `n` reveals of `full` (values are known from the start). */
export function caseAtStep(full: CaseState, n: number): CaseState {
  let c: CaseState = { present: [], absent: [], values: { ...full.values } };
  for (const r of revealOrder(full).slice(0, n)) c = setFinding(c, r.id, r.tri);
  return c;
}

/** Readable percentage: 0.4567 -> "46%", tiny shares "<1%". */
export function percent(x: number): string {
  if (x > 0 && x < 0.005) return '<1%';
  return `${Math.round(x * 100)}%`;
}

/** A likelihood ratio as people read it: 10 -> "×10", 0.25 -> "×0.25". */
export function ratio(lr: number): string {
  const r = lr >= 10 ? lr.toFixed(0) : lr >= 1 ? lr.toFixed(1).replace(/\.0$/, '') : lr.toFixed(2);
  return `×${r}`;
}
