/**
 * Golden files: every renderer's output for fixed inputs, compared byte for byte with the files in
 * test/render/golden/. A change to what users see shows up here as a diff to review.
 * `UPDATE_GOLDEN=1 npx vitest run test/render/golden.test.ts` rewrites the files.
 *
 * Inputs are deterministic: fixture facts gathered at a fixed clock (fixtures/facts.ts NOW), a
 * fixed diagnosis duration, and digests and incidents built at fixed times.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.ts';
import { buildReport } from '../../src/doctor/report.ts';
import { explainLogs } from '../../src/logs/explain.ts';
import type { Diagnosis, MirrorRef } from '../../src/model/diagnosis.ts';
import type { Facts } from '../../src/model/facts.ts';
import { renderJsonText } from '../../src/render/json/report.ts';
import { renderAlert, renderAlertReply, renderAlertResolved } from '../../src/render/slack/alert.ts';
import { renderAlertReplyText, renderAlertResolvedText, renderAlertText } from '../../src/render/text/alert.ts';
import { renderDigest, renderDigestDetails } from '../../src/render/slack/digest.ts';
import { renderDiagnosis } from '../../src/render/slack/report.ts';
import { renderResult } from '../../src/render/slack/results.ts';
import { renderLogExplanation } from '../../src/render/text/logs.ts';
import { renderTerminal } from '../../src/render/text/report.ts';
import { renderDigestText } from '../../src/render/text/schedule.ts';
import { buildDigest } from '../../src/monitor/digest.ts';
import { failoverReadiness } from '../../src/doctor/failover.ts';
import { stepIncident, type AlertPolicy, type AlertState } from '../../src/monitor/incident.ts';
import { homeStatusOf, type HomeOverview } from '../../src/monitor/home.ts';
import { renderHome } from '../../src/render/slack/home.ts';
import * as fx from '../fixtures/facts.ts';
import { fixRunbookContext } from '../fixtures/runbook.ts';
import { fixture } from '../logs/fixtures.ts';

const DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Compares `actual` with golden file `name`, or writes it under UPDATE_GOLDEN=1. */
function golden(name: string, actual: string): void {
  const file = `${DIR}${name}`;
  if (UPDATE) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${name} is missing: UPDATE_GOLDEN=1 npx vitest run test/render/golden.test.ts`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const SVL: MirrorRef = { name: 'svl->confluent', sourceAlias: 'svl', targetAlias: 'confluent' };
const EAST: MirrorRef = { name: 'east->west', sourceAlias: 'east', targetAlias: 'west' };
const HOUR = 3_600_000;

/** A real diagnosis of `facts` (of svl->confluent): the real checks, report builder, runbook and failover readiness. */
function diagnosis(facts: Facts): Diagnosis {
  const f = { ...facts, mirror: { name: SVL.name, sourceAlias: SVL.sourceAlias, targetAlias: SVL.targetAlias } };
  return { report: buildReport(f, ALL_CHECKS, { durationMs: 842 }), facts: f, runbook: fixRunbookContext(f, { sasl: true, strimzi: true }), failover: failoverReadiness(f) };
}

/** `d` as the diagnosis of mirror `m` (the fixtures are facts of svl->confluent). */
function as(m: MirrorRef, d: Diagnosis): Diagnosis {
  return { ...d, report: { ...d.report, mirror: { name: m.name, sourceAlias: m.sourceAlias, targetAlias: m.targetAlias } } };
}

const REPORTS: [name: string, facts: () => Facts][] = [
  ['seed', fx.fixSeedFacts],
  ['healthy', fx.fixHealthyFacts],
  ['unreachable', () => fx.withSourceUnreachable(fx.fixHealthyFacts())],
];

describe.each(REPORTS)('the %s report', (name, facts) => {
  const d = diagnosis(facts());
  it('as terminal text', () => golden(`${name}.report.txt`, renderTerminal(d.report, d.runbook)));
  it('as JSON', () => golden(`${name}.report.json`, `${renderJsonText(d.report, d.runbook)}\n`));
  it('as Slack Block Kit', () => golden(`${name}.report.slack.json`, json(renderDiagnosis(d))));
});

describe('a digest', () => {
  // Yesterday both mirrors were healthy; today svl->confluent is the seed incident.
  const yesterday = buildDigest([{ mirror: SVL.name, diagnosis: diagnosis(fx.fixHealthyFacts()) }, { mirror: EAST.name, diagnosis: as(EAST, diagnosis(fx.fixHealthyFacts())) }], null, fx.NOW - 24 * HOUR, { name: 'morning', slot: fx.NOW - 24 * HOUR });
  const seed = diagnosis(fx.fixSeedFacts());
  const today = buildDigest([{ mirror: SVL.name, diagnosis: seed }, { mirror: EAST.name, diagnosis: as(EAST, diagnosis(fx.fixHealthyFacts())) }], yesterday.record, fx.NOW, { name: 'morning', slot: fx.NOW });

  it('as terminal text', () => golden('digest.txt', renderDigestText(today)));
  it('as Slack Block Kit, with its thread', () => golden('digest.slack.json', json({ message: renderDigest(today), thread: renderDigestDetails(today, new Map([[SVL.name, seed]])) })));
});

describe('an alert', () => {
  const policy: AlertPolicy = { channel: 'C0KALERTS', threshold: 'warning', renotifyMs: 4 * HOUR };
  const seed = diagnosis(fx.fixSeedFacts());
  const root = seed.report.rootCause!;
  const opened = stepIncident(undefined, SVL.name, { verdict: 'critical', rootCause: { code: root.code, title: root.title }, at: fx.NOW }, policy);
  const open: AlertState = { ...opened.next, incident: { ...opened.next.incident!, status: 'open', ts: '1748858400.000100' } };
  const failed = diagnosis(fx.withCheckpointConnector(fx.fixHealthyFacts(), { state: 'FAILED' }));
  const failedRoot = failed.report.rootCause!;
  const updated = stepIncident(open, SVL.name, { verdict: failed.report.verdict, rootCause: { code: failedRoot.code, title: failedRoot.title }, at: fx.NOW + HOUR }, policy);
  const reminded = stepIncident(updated.next, SVL.name, { verdict: failed.report.verdict, rootCause: { code: failedRoot.code, title: failedRoot.title }, at: fx.NOW + 5 * HOUR }, policy);
  const resolved = stepIncident(reminded.next, SVL.name, { verdict: 'ok', rootCause: null, at: fx.NOW + 6 * HOUR }, policy);
  const actions = [...updated.actions, ...reminded.actions, ...resolved.actions];

  const resolve = resolved.actions[0];
  if (resolve?.kind !== 'resolve') throw new Error('the last observation resolves the incident');
  const replyAt = (a: (typeof actions)[number]): number => (a.kind === 'resolve' ? a.resolvedAt : a.incident.lastNotifiedAt);
  const replies = actions.flatMap((a) => (a.kind === 'open' ? [] : [a]));

  it('as terminal text: the alert, its updates, its thread replies and the resolution', () => {
    const text = [renderAlertText(open.incident!, seed), renderAlertText(updated.next.incident!, failed), ...replies.map((a) => renderAlertReplyText(a, replyAt(a))), renderAlertResolvedText(resolve.incident, resolve.resolvedAt, resolve.verdict)];
    golden('alert.txt', text.join('\n'));
  });

  it('as Slack Block Kit: the alert, its updates in place, its thread replies and the resolution', () => {
    golden('alert.slack.json', json({
      opened: renderAlert(open.incident!, seed),
      updated: renderAlert(updated.next.incident!, failed),
      replies: replies.map((a) => renderAlertReply(a, replyAt(a))),
      resolved: renderAlertResolved(resolve.incident, resolve.resolvedAt, resolve.verdict),
    }));
  });
});

describe('a log explanation', () => {
  const x = explainLogs(fixture('seed-case-strimzi.txt'));
  it('as terminal text', () => golden('logs.txt', renderLogExplanation(x)));
  it('as Slack Block Kit', () => golden('logs.slack.json', json(renderResult({ kind: 'logs', explanation: x }))));
});

describe('an App Home', () => {
  // Each kind of row: a diagnosis with a digest and an alert, one with a watch, a failed diagnosis,
  // one under way, one with no result; and mirrors beyond those shown.
  const seed = diagnosis(fx.fixSeedFacts());
  const healthy = as(EAST, diagnosis(fx.fixHealthyFacts()));
  const m = (name: string) => ({ name, sourceAlias: name.split('->')[0]!, targetAlias: name.split('->')[1]! });
  const overview: HomeOverview = {
    at: fx.NOW + 90_000,
    reuseSeconds: 30,
    more: 3,
    rows: [
      {
        mirror: SVL, status: homeStatusOf(seed, fx.NOW), refreshing: false,
        digest: { name: 'morning', channel: 'C0MM2OPS1', ts: '1748851200.000100', at: fx.NOW - 2 * HOUR, mirrors: [SVL.name, EAST.name] },
        incident: { kind: 'alert', mirror: SVL.name, channel: 'C0KALERTS', ts: '1748858400.000100', since: fx.NOW - HOUR, id: 'INC-0A1B2C' },
      },
      {
        mirror: EAST, status: homeStatusOf(healthy, fx.NOW), refreshing: true,
        digest: { name: 'morning', channel: 'C0MM2OPS1', ts: '1748851200.000100', at: fx.NOW - 2 * HOUR, mirrors: [SVL.name, EAST.name] },
        incident: { kind: 'watch', mirror: EAST.name, channel: 'C0MM2OPS1', ts: '1748858000.000200', since: fx.NOW - 10 * 60_000, until: fx.NOW + 20 * 60_000 },
      },
      { mirror: m('vault->dr'), status: { kind: 'failed', at: fx.NOW, ref: '0badc0de' }, refreshing: false, digest: null, incident: null },
      { mirror: m('<!channel>->x'), status: { kind: 'none' }, refreshing: true, digest: null, incident: null },
      { mirror: m('idle->x'), status: { kind: 'none' }, refreshing: false, digest: null, incident: null },
    ],
  };
  it('as a Home tab view', () => golden('home.slack.json', json(renderHome(overview, { note: { kind: 'diagnosed', mirror: SVL.name } }))));
});
