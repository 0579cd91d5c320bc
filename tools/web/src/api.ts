// tools/web/src/api.ts: the /v1 endpoints the page reads (docs/http-api.md), typed as far as the page uses them.

export interface Finding { id: string; kind: string; label: string; region: string; synonyms: string[]; description: string }
export interface Value { id: string; label: string; unit: string; low: number | null; high: number | null }
export interface Condition { id: string; name: string; region: string; urgency: string | null; advice: string; sources: string[] }
export interface Catalog {
  kb: { name: string; version: string; digest: string };
  regions: string[];
  findings: Finding[];
  values: Value[];
  conditions: Condition[];
  facts: { id: string; label: string }[];
  flags: { id: string; label: string; level: string; advice: string }[];
  rules: { id: string; text: string; location: string; sources: string[] }[];
  disclaimer: string;
}
export interface Evidence { rule: string; weight: number; because: string[]; text: string; rule_id: string; lr: number; because_absent: string[] }
export interface Ranked {
  rank: number; id: string; name: string; score: number;
  evidence: { for: Evidence[]; against: Evidence[] };
  advice: string; sources: string[]; region: string;
}
export interface Flag { id: string; label: string; level: string; advice: string; because: string[]; rule: string; rule_id: string }
export interface Result {
  triage: {
    level: string; flags: Flag[];
    set_by: { kind: 'flag' | 'condition' | 'default'; id: string | null; label: string | null; level: string };
  };
  differential: Ranked[];
  next_questions: { finding: string; label: string; value: number }[];
  derived_facts: string[];
  disclaimer: string;
  other_score: number;
}
export interface RuleStatus {
  rule: string; rule_id: string; text: string; effect: 'for' | 'against'; weight: number;
  outcome: 'true' | 'false' | 'unknown'; satisfied: string[]; blocking: string[]; waiting_for: string[]; blocking_absent: string[];
  /** What made the rule's `unless` true, when that stopped it (absent before servers that know `unless`). */
  blocked_by_unless?: string[]; blocked_by_unless_absent?: string[];
}
export interface Explanation {
  condition: string; name: string; rank: number | null; score: number; summary: string; rules: RuleStatus[];
  urgency: string | null; triage_summary: string;
}
export interface RuleInOut {
  condition: string; name: string; rank: number | null; score: number;
  moves: { finding: string; label: string; if_present: number; change_if_present: number; if_absent: number; change_if_absent: number }[];
}
export interface LibraryTest {
  id: string; label: string; region: string; condition: string | null; location: string; expects: string[];
  case: { id: string; present: string[]; absent: string[]; values: Record<string, number> };
}

export class ApiError extends Error {}

async function call<T>(method: 'GET' | 'POST', path: string, body?: string): Promise<T> {
  const res = await fetch(path, { method, body, headers: body ? { 'Content-Type': 'application/json' } : {} });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(json?.error?.message ?? `${method} ${path} answered ${res.status}`);
  return json as T;
}

const q = encodeURIComponent;
export const api = {
  catalog: () => call<Catalog>('GET', '/v1/catalog'),
  library: () => call<{ tests: LibraryTest[] }>('GET', '/v1/library'),
  diagnose: (c: string) => call<Result>('POST', '/v1/diagnose?top=12', c),
  explain: (c: string, id: string) => call<Explanation>('POST', `/v1/explain?condition=${q(id)}`, c),
  ruleInOut: (c: string, id: string) => call<RuleInOut>('POST', `/v1/rule-in-out?condition=${q(id)}&top=6`, c),
  graph: (c: string, id: string | null, firedOnly: boolean) =>
    call<{ dot: string; nodes: number }>(
      'POST',
      `/v1/graph?${id ? `condition=${q(id)}&` : ''}${firedOnly ? 'fired_only=1' : ''}`,
      c,
    ),
};
