// tools/web/tests/unit/logic.test.ts: the page's own logic (src/logic.ts), without a browser.
import { describe, expect, it } from 'vitest';
import {
  caseAtStep, caseJson, emptyCase, groupBy, History, movements, parseLink, percent, ratio, revealOrder,
  scorePrediction, searchFindings, setFinding, setValue, stateOf, toLink, type Known,
} from '../../src/logic';

const known: Known = {
  findings: new Set(['loc.lateral_knee', 'trig.downhill_running', 'sym.swelling_marked']),
  values: new Map([['age', { low: 0, high: 120 }], ['pain_score', { low: 0, high: 10 }]]),
  conditions: new Set(['itbs', 'pfps']),
};

describe('links', () => {
  it('reads the link the issue shows, and writes it back the same', () => {
    const search = '?present=loc.lateral_knee,trig.downhill_running&absent=sym.swelling_marked&values=age:34,pain_score:4';
    const { state, problems } = parseLink(search, known);
    expect(problems).toEqual([]);
    expect(state.case).toEqual({ present: ['loc.lateral_knee', 'trig.downhill_running'], absent: ['sym.swelling_marked'], values: { age: 34, pain_score: 4 } });
    expect(state.mode).toBe('explore');
    expect(state.condition).toBeNull();
    expect(toLink(state)).toBe(search);
  });
  it('carries the mode and the selected condition', () => {
    const { state } = parseLink('?present=loc.lateral_knee&mode=step&condition=itbs', known);
    expect(state.mode).toBe('step');
    expect(state.condition).toBe('itbs');
    expect(toLink(state)).toBe('?present=loc.lateral_knee&mode=step&condition=itbs');
  });
  it('leaves out what it cannot use and says why, keeping the rest', () => {
    const { state, problems } = parseLink(
      '?present=loc.lateral_kne,loc.lateral_knee&absent=loc.lateral_knee&values=age:x,pain_score:11,height:3,age:40&mode=quiz&condition=<script>',
      known,
    );
    expect(state.case).toEqual({ present: ['loc.lateral_knee'], absent: [], values: { age: 40 } });
    expect(state.mode).toBe('explore');
    expect(state.condition).toBeNull();
    expect(problems.map((p) => p.message)).toEqual([
      'unknown finding “loc.lateral_kne”',
      'finding “loc.lateral_knee” is given twice; the first is kept',
      '“age” needs a number, as age:30',
      '“pain_score” is 11, expected 0 to 10',
      'unknown value “height”',
      'unknown mode “quiz”, expected explore, step or predict',
      'unknown condition “<script>”',
    ]);
  });
  it('an empty case is an empty query', () => {
    expect(toLink({ case: emptyCase(), mode: 'explore', condition: null })).toBe('');
  });
  it('encodes an id that needs it, and reads it back', () => {
    const k: Known = { ...known, findings: new Set(['a&b']) };
    const link = toLink({ case: { present: ['a&b'], absent: [], values: {} }, mode: 'explore', condition: null });
    expect(link).toBe('?present=a%26b');
    expect(parseLink(link, k).state.case.present).toEqual(['a&b']);
  });
});

describe('case editing', () => {
  it('sets, moves and clears a finding without changing the old case', () => {
    const a = emptyCase();
    const b = setFinding(a, 'x', 'present');
    const c = setFinding(b, 'x', 'absent');
    const d = setFinding(c, 'x', 'unknown');
    expect(a.present).toEqual([]);
    expect(stateOf(b, 'x')).toBe('present');
    expect(stateOf(c, 'x')).toBe('absent');
    expect(c.present).toEqual([]);
    expect(stateOf(d, 'x')).toBe('unknown');
    expect(setValue(setValue(a, 'age', 3), 'age', null).values).toEqual({});
  });
  it('writes the case as the API reads it', () => {
    expect(JSON.parse(caseJson({ present: ['a'], absent: ['b'], values: { age: 3 } }))).toEqual({ present: ['a'], absent: ['b'], values: { age: 3 } });
  });
});

describe('undo and redo', () => {
  it('goes back and forth, and a new change drops the redo', () => {
    const h = new History(0);
    h.push(1);
    h.push(2);
    expect(h.undo()).toBe(1);
    expect(h.undo()).toBe(0);
    expect(h.canUndo()).toBe(false);
    expect(h.undo()).toBe(0);
    expect(h.redo()).toBe(1);
    h.push(5);
    expect(h.canRedo()).toBe(false);
    expect(h.current).toBe(5);
    h.reset(9);
    expect(h.canUndo()).toBe(false);
  });
  it('keeps at most its limit of steps', () => {
    const h = new History(0, 3);
    for (let i = 1; i <= 10; i++) h.push(i);
    h.undo(); h.undo(); h.undo();
    expect(h.canUndo()).toBe(false);
    expect(h.current).toBe(7);
  });
});

describe('movement markers', () => {
  it('up, down, new and unchanged against the previous ranking', () => {
    const m = movements(['a', 'b', 'c'], ['c', 'a', 'd']);
    expect(m.get('c')).toEqual({ kind: 'up', by: 2 });
    expect(m.get('a')).toEqual({ kind: 'down', by: 1 });
    expect(m.get('d')).toEqual({ kind: 'new' });
    expect(movements(null, ['a']).get('a')).toEqual({ kind: 'same' });
    expect(movements(['a'], ['a']).get('a')).toEqual({ kind: 'same' });
  });
});

describe('finding search', () => {
  const items = [
    { id: 'loc.lateral_knee', label: 'Outer knee', synonyms: ['side of knee', 'ITB area'] },
    { id: 'loc.anterior_knee', label: 'Front of knee', synonyms: ['kneecap'] },
    { id: 'trig.downhill_running', label: 'Downhill running', synonyms: [] },
  ];
  it('finds by label, synonym and id, best first', () => {
    expect(searchFindings(items, 'knee').map((f) => f.id)).toEqual(['loc.anterior_knee', 'loc.lateral_knee']);
    expect(searchFindings(items, 'kneecap').map((f) => f.id)).toEqual(['loc.anterior_knee']);
    expect(searchFindings(items, 'itb').map((f) => f.id)).toEqual(['loc.lateral_knee']);
    expect(searchFindings(items, 'trig.down').map((f) => f.id)).toEqual(['trig.downhill_running']);
    expect(searchFindings(items, 'outer knee').map((f) => f.id)).toEqual(['loc.lateral_knee']);
    expect(searchFindings(items, 'DOWNHILL').map((f) => f.id)).toEqual(['trig.downhill_running']);
  });
  it('matches nothing for an empty query or an unknown word', () => {
    expect(searchFindings(items, '   ')).toEqual([]);
    expect(searchFindings(items, 'elbow')).toEqual([]);
  });
});

describe('predict first', () => {
  it('compares the picks with the engine top 3', () => {
    const s = scorePrediction(['a', 'x', 'c'], ['a', 'b', 'c', 'd']);
    expect(s.picks).toEqual([{ id: 'a', rank: 1 }, { id: 'x', rank: null }, { id: 'c', rank: 3 }]);
    expect(s.inTopThree).toBe(2);
    expect(s.leaderPicked).toBe(true);
    expect(s.summary).toBe("2 of your 3 picks are in the engine's top 3; you named its leader.");
    expect(scorePrediction(['d'], ['a', 'b', 'c', 'd']).summary).toBe("0 of your 1 picks are in the engine's top 3; its leader was not among them.");
    expect(scorePrediction(['a'], []).leaderPicked).toBe(false);
  });
});

describe('step-through', () => {
  it('reveals present findings then absent ones, values from the start', () => {
    const full = { present: ['a', 'b'], absent: ['c'], values: { age: 30 } };
    expect(revealOrder(full).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(caseAtStep(full, 0)).toEqual({ present: [], absent: [], values: { age: 30 } });
    expect(caseAtStep(full, 2)).toEqual({ present: ['a', 'b'], absent: [], values: { age: 30 } });
    expect(caseAtStep(full, 3)).toEqual(full);
    expect(caseAtStep(full, 99)).toEqual(full);
  });
});

describe('formatting', () => {
  it('percentages and likelihood ratios', () => {
    expect(percent(0.4567)).toBe('46%');
    expect(percent(0.001)).toBe('<1%');
    expect(percent(0)).toBe('0%');
    expect(ratio(10)).toBe('×10');
    expect(ratio(3)).toBe('×3');
    expect(ratio(2.5)).toBe('×2.5');
    expect(ratio(0.25)).toBe('×0.25');
  });
  it('groups in the order given, then first seen, leaving out empty groups', () => {
    expect(groupBy(['b1', 'a1', 'c1', 'a2'], (s) => s[0], ['a', 'z'])).toEqual([['a', ['a1', 'a2']], ['b', ['b1']], ['c', ['c1']]]);
  });
});
