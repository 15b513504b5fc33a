/**
 * Runs the checks over one mirror's facts and turns their findings into a report: root cause
 * first, the rest in the causal order of mm2-checkpoints.md §8, and a verdict that says
 * `unknown` instead of guessing when a needed fact could not be gathered.
 */
import type { Check } from '../checks/check.ts';
import type { FactKey, Facts, GatherError, Gathered } from '../model/facts.ts';
import { causalRank, type Finding, type Severity, type Verdict } from '../model/finding.ts';
import type { CheckError, NotEvaluated, Report, UnavailableFact } from '../model/report.ts';

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

function isGathered(v: unknown): v is Gathered<unknown> {
  return typeof v === 'object' && v !== null && 'ok' in v && typeof (v as { ok: unknown }).ok === 'boolean' && 'ms' in v;
}

/** Why a fact is unusable: `absent` (never provided: no logs, no Connect URL) or a gather error. */
function factProblem(facts: Facts, key: FactKey): { absent: true } | { absent: false; error: GatherError } | null {
  const v: unknown = facts[key];
  if (v === undefined || v === null) return { absent: true };
  if (!isGathered(v) || v.ok) return null;
  if (v.error.kind === 'not-configured') return { absent: true };
  return { absent: false, error: v.error };
}

const GATHERED_KEYS: readonly FactKey[] = [
  'source',
  'target',
  'sourceTopics',
  'targetTopics',
  'sourceGroups',
  'checkpointsTopic',
  'offsetSyncsTopic',
  'offsetSyncs',
  'checkpoints',
  'connect',
  'strimziResource',
  // Target-side reads (issue 10): shown as unavailable when they fail; the checks that use them
  // handle their absence themselves, so a bot without group ACLs on the target still gets a verdict.
  'targetGroups',
  'sourceEndOffsets',
  'targetEndOffsets',
];

function durationOf(facts: Facts): number {
  let max = 0;
  for (const key of GATHERED_KEYS) {
    const v: unknown = facts[key];
    if (isGathered(v)) max = Math.max(max, v.ms);
  }
  return max;
}

/** Sort key comparison: causal rank, then severity; ties keep check order (Array.sort is stable). */
function byCause(a: Finding, b: Finding): number {
  return causalRank(a.code) - causalRank(b.code) || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
}

/**
 * Runs `checks` over `facts` and builds the report. Never throws: a check that throws becomes an
 * entry in `errors`; a check whose `needs` are missing becomes an entry in `notEvaluated`.
 * `durationMs` defaults to the slowest gather (gatherers run concurrently).
 */
export function buildReport(facts: Facts, checks: readonly Check[], opts: { durationMs?: number } = {}): Report {
  const findings: Finding[] = [];
  const notEvaluated: NotEvaluated[] = [];
  const errors: CheckError[] = [];
  let missingFailedFact = false;

  for (const check of checks) {
    const problems = check.needs.map((key) => ({ key, problem: factProblem(facts, key) })).filter((p) => p.problem !== null);
    if (problems.length > 0) {
      notEvaluated.push({ check: check.id, missing: problems.map((p) => p.key) });
      if (problems.some((p) => p.problem?.absent === false)) missingFailedFact = true;
      continue;
    }
    let out: Finding[];
    try {
      out = check.run(facts);
    } catch (err) {
      errors.push({ check: check.id, message: err instanceof Error ? err.message : String(err) });
      continue;
    }
    for (const f of out) {
      if (check.emits.includes(f.code)) findings.push(f);
      else errors.push({ check: check.id, message: `emitted undeclared code ${f.code}` });
    }
  }

  const unavailable: UnavailableFact[] = [];
  for (const key of GATHERED_KEYS) {
    const p = factProblem(facts, key);
    if (p && !p.absent) unavailable.push({ fact: key, error: p.error });
  }

  const ordered = [...findings].sort(byCause);
  const rootCause = ordered.find((f) => f.severity === 'critical') ?? ordered.find((f) => f.severity === 'warning') ?? null;
  const rest = ordered.filter((f) => f !== rootCause);

  // A denied read is a missing fact too: the groups it hides cannot be judged.
  const denied = ordered.some((f) => f.code === 'not-authorized');
  let verdict: Verdict;
  if (ordered.some((f) => f.severity === 'critical')) verdict = 'critical';
  else if (missingFailedFact || errors.length > 0 || denied) verdict = 'unknown';
  else if (ordered.some((f) => f.severity === 'warning')) verdict = 'warning';
  else verdict = 'ok';

  return {
    mirror: facts.mirror,
    verdict,
    rootCause,
    findings: rootCause ? [rootCause, ...rest] : rest,
    notEvaluated,
    errors,
    unavailable,
    durationMs: opts.durationMs ?? durationOf(facts),
  };
}
