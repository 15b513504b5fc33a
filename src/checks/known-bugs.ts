import type { Check } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding } from '../model/finding.ts';
import { KNOWN_BUGS, fixFor, isAffected, type KnownBug, type KnownBugId } from '../mm2/known-bugs.ts';
import { OffsetSyncIndex, translationModel, type Translation } from '../mm2/translate.ts';
import { analyzeGroups } from './lib/groups.ts';
import { connectOf } from './lib/facts.ts';
import { formatDuration } from '../util/duration.ts';
import { logEntries } from './lib/logs.ts';
import { booleanSetting, numberSetting, versionOf } from './lib/mirror.ts';
import { targetView } from './lib/target.ts';
import { syncView } from './lib/translation.ts';

type Evidence = Finding['evidence'];

/** Log `cause` entries of a code whose text matches, as evidence lines. */
function logged(facts: Facts, code: string, re: RegExp): Evidence {
  return logEntries(facts, 'cause')
    .filter((e) => e.code === code && re.test(`${e.title} ${e.sample} ${(e.exceptions ?? []).join(' ')}`))
    .slice(0, 2)
    .map((e) => ({ label: 'MM2 logged', value: `${e.count}× ${e.sample}` }));
}

const downstreamOf = (t: Translation) => (t.kind === 'translated' ? t.downstreamOffset : null);

/**
 * Per bug, the symptom in the facts or logs as evidence, or `[]` when it does not show. One
 * detector per row of KNOWN_BUGS (a missing one fails to compile).
 */
const DETECT = {
  'KAFKA-15607': (facts) => (booleanSetting(facts, 'sync.group.offsets.enabled') === true ? logged(facts, 'sync-offsets-failed', /NullPointerException/) : []),

  'KAFKA-15202': (facts) => {
    const a = analyzeGroups(facts);
    const sv = syncView(facts);
    if (!a || !sv || !facts.offsetSyncs.ok) return [];
    const fixed = OffsetSyncIndex.load(facts.offsetSyncs.value.records, { onlyLastSync: false, algorithm: 'kafka-15202' });
    const out: Evidence = [];
    for (const v of a.candidates) {
      for (const o of v.mirroredCommits) {
        const now = downstreamOf(sv.index.translate(o.topic, o.partition, o.offset));
        const better = downstreamOf(fixed.translate(o.topic, o.partition, o.offset));
        if (better !== null && (now === null || now < better)) {
          out.push({ label: `${v.group.groupId} ${o.topic}-${o.partition}`, value: `committed ${o.offset}: this release translates ${now === null ? 'to nothing (no checkpoint)' : `to ${now}`}, the fixed store to ${better}` });
        }
      }
    }
    return out.slice(0, 5);
  },

  'KAFKA-15906': (facts) => {
    const out: Evidence = [];
    for (const g of targetView(facts)?.groups ?? []) {
      for (const p of g.partitions) {
        const t = p.translation;
        if (p.committed === null || p.sourceEnd === null || p.committed !== p.sourceEnd || t?.kind !== 'translated' || t.exact) continue;
        if (p.position.kind !== 'known' || p.position.downstream <= t.downstreamOffset) continue;
        out.push({
          label: `${g.group} ${p.topic}-${p.partition}`,
          value: `at the log end (${p.sourceEnd}) but the newest sync is for offset ${t.sync.upstreamOffset}: translated to ${t.downstreamOffset}, ${p.position.downstream - t.downstreamOffset} short of the group's position; the last record's sync is never written`,
        });
      }
    }
    return out.slice(0, 5);
  },

  'KAFKA-15905': (facts) => {
    const a = analyzeGroups(facts);
    const sv = syncView(facts);
    if (!a || !sv || !facts.offsetSyncs.ok) return [];
    // What a task restarted on this release holds: only the newest sync per partition (OffsetSyncStore ≤ 3.7.0 clears the array on every sync read before readToEnd).
    const afterRestart = OffsetSyncIndex.load(facts.offsetSyncs.value.records, { onlyLastSync: true, algorithm: translationModel(versionOf(facts), { checkpointsTopicReadable: false }).algorithm });
    const graceMs = Math.max(5 * numberSetting(facts, 'emit.checkpoints.interval.seconds'), 300) * 1000;
    const view = targetView(facts);
    const out: Evidence = [];
    for (const v of a.candidates) {
      const state = view?.groups.find((g) => g.group === v.group.groupId);
      for (const o of v.mirroredCommits) {
        const full = sv.index.translate(o.topic, o.partition, o.offset);
        const restarted = afterRestart.translate(o.topic, o.partition, o.offset);
        if (full.kind !== 'translated' || restarted.kind !== 'ahead') continue;
        const ts = (restarted.sync as { timestamp?: number }).timestamp;
        if (typeof ts !== 'number' || facts.now - ts < graceMs) continue;
        const cp = state?.partitions.find((p) => p.topic === o.topic && p.partition === o.partition)?.checkpoint ?? null;
        if (cp && cp.upstreamOffset >= o.offset) continue;
        out.push({
          label: `${v.group.groupId} ${o.topic}-${o.partition}`,
          value: `committed ${o.offset} is behind the newest sync (upstream ${restarted.sync.upstreamOffset}, written ${formatDuration(Math.max(0, facts.now - ts))} ago); ${cp ? `the newest checkpoint is for ${cp.upstreamOffset}` : 'no checkpoint'}: a restarted task keeps only the newest sync and cannot translate it`,
        });
      }
    }
    return out.length > 0 ? [...out.slice(0, 5), ...logged(facts, 'translate-skipped-sync-ahead', /./)] : [];
  },

  'KAFKA-17232': (facts) => {
    const lines = logged(facts, 'groups-load-timeout', /loading initial consumer groups/);
    if (lines.length === 0) return [];
    const c = connectOf(facts)?.checkpoint;
    if (c && c.tasks.length > 0) return []; // the connector got its tasks after all
    return [...lines, { label: 'checkpoint connector', value: c ? `${c.name}: ${c.state}, no task` : 'task state unknown (no Connect facts)' }];
  },

  'KAFKA-17242': (facts) => logged(facts, 'offset-sync-store-failed', /timed out/),

  'KAFKA-18021': (facts) => {
    if (booleanSetting(facts, 'enabled') !== false) return [];
    const c = connectOf(facts)?.checkpoint;
    const running = c ? c.tasks.filter((t) => t.state === 'RUNNING').length : 0;
    const lines = [...logged(facts, 'groups-not-loaded', /RetriableException|Timeout while loading consumer groups/), ...logged(facts, 'reconfigure-failed', /MirrorCheckpointConnector/)];
    if (running === 0 && lines.length === 0) return [];
    return [{ label: 'enabled', value: 'false' }, ...(running > 0 ? [{ label: 'checkpoint tasks still running', value: running }] : []), ...lines];
  },
} satisfies Record<KnownBugId, (facts: Facts) => Evidence>;

/**
 * Reports a known MM2 bug (src/mm2/known-bugs.ts) only when the running version (the Connect
 * worker's, else the config's) is affected AND the facts or logs show its symptom, and names the
 * release that fixes it.
 */
export const knownBugs: Check = {
  id: 'known-bugs',
  emits: ['known-mm2-bug'],
  needs: [],
  run(facts: Facts) {
    const version = versionOf(facts);
    const out: Finding[] = [];
    for (const bug of KNOWN_BUGS as readonly KnownBug[]) {
      if (!isAffected(bug, version)) continue;
      const evidence = DETECT[bug.jira as KnownBugId](facts);
      if (evidence.length === 0) continue;
      const fix = fixFor(bug, version);
      out.push({
        code: 'known-mm2-bug',
        severity: bug.severity,
        title: `${bug.jira} in Kafka ${version.raw}: ${bug.title}; fixed in ${fix}`,
        evidence: [
          ...evidence,
          { label: 'affected', value: bug.affected.map((r) => (r.from === r.to ? r.from : `${r.from}–${r.to}`)).join(', ') },
          { label: 'fixed in', value: bug.fixedIn.join(', ') },
          { label: 'fix', value: bug.source },
        ],
        subject: { pattern: bug.jira, setting: `Kafka ${fix}` },
      });
    }
    return out;
  },
};
