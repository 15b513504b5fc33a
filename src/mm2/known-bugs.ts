/**
 * MirrorMaker 2 checkpoint and offset-sync bugs of the Kafka releases mm2-doctor supports
 * (3.5 → 4.x), as data: the JIRA id, the releases that have the bug and the first releases that
 * fix it, and how it shows in facts and in logs. The check that matches a row against the facts is
 * src/checks/known-bugs.ts; a finding needs the running version to be affected AND the symptom.
 *
 * Every row was verified against apache/kafka's history (`git log --grep`, `git tag --contains`
 * on the fix commit; PR threads for fixes after the 3.9 branch). Ids the research could not tie
 * to a commit (KAFKA-16364, KAFKA-15423, KAFKA-16291, KAFKA-15828, KAFKA-17089) are left out.
 */
import { compareVersions, kafkaVersion, type KafkaVersion } from './version.ts';

/** An inclusive range of releases. */
export interface VersionRange {
  from: string;
  to: string;
}

/** One known bug. */
export interface KnownBug {
  jira: `KAFKA-${number}`;
  title: string;
  /** Releases that have the bug (inclusive ranges; lower bounds start at the oldest release we support, 3.5.0). */
  affected: readonly VersionRange[];
  /** The first release of each line that has the fix, e.g. `['3.5.2', '3.6.1', '3.7.0']`. */
  fixedIn: readonly string[];
  /** How the bug shows in gathered facts, in words (the check tests exactly this). */
  symptomInFacts: string;
  /** How it shows in MM2's logs, in words. */
  symptomInLogs: string;
  /** Whether the symptom harms checkpoints or target offsets (`warning`) or is only a misleading message (`info`). */
  severity: 'warning' | 'info';
  /** The fix commit or pull request. */
  source: string;
}

export const KNOWN_BUGS = [
  {
    jira: 'KAFKA-15607',
    title: 'NullPointerException in MirrorCheckpointTask.syncGroupOffset',
    affected: [
      { from: '3.5.0', to: '3.5.1' },
      { from: '3.6.0', to: '3.6.0' },
    ],
    fixedIn: ['3.5.2', '3.6.1', '3.7.0'],
    symptomInFacts: 'sync.group.offsets is on (the NPE needs a target group with a null committed offset, which the facts cannot show)',
    symptomInLogs: 'Scheduler ERROR "caught exception in scheduled task: sync idle consumer group offset from source to target" with a NullPointerException: no target group of the task is synced',
    severity: 'warning',
    source: 'apache/kafka#14587 (commits add9dc3340f on 3.5, 9fca00871ab on 3.6, 4083cd627e9 on trunk)',
  },
  {
    jira: 'KAFKA-15202',
    title: 'MM2 offset translation fails when offset syncs are variably spaced',
    affected: [{ from: '3.5.0', to: '3.5.1' }],
    fixedIn: ['3.5.2', '3.6.0'],
    symptomInFacts: "a group behind the newest sync gets no translation (or a worse one) from the 3.5.1 sync store than from the fixed one, on the same offset syncs",
    symptomInLogs: 'DEBUG "translateDownstream(…): Skipped (OffsetSync{…} is ahead of upstream consumer group …)"',
    severity: 'warning',
    source: 'apache/kafka#14156 (commit 34a30fff576 on 3.5, 0ee26640e59 in 3.6.0)',
  },
  {
    jira: 'KAFKA-15906',
    title: 'The latest offset sync of an idle partition is never written',
    affected: [{ from: '3.5.0', to: '3.6.2' }],
    fixedIn: ['3.7.0'],
    symptomInFacts: 'a group at the log end of its partition translates short of the end: the last replicated record never got a sync, so the group stays up to offset.lag.max records behind on the target',
    symptomInLogs: 'none',
    severity: 'warning',
    source: 'apache/kafka#14967 (commit 75ad8841611, in 3.7.0)',
  },
  {
    jira: 'KAFKA-15905',
    title: 'Restarts of MirrorCheckpointTask permanently interrupt offset translation (also KAFKA-16622)',
    affected: [{ from: '3.5.0', to: '3.7.0' }],
    fixedIn: ['3.7.1', '3.8.0'],
    symptomInFacts: 'a group behind the newest offset sync that a restarted task cannot translate (it keeps only the newest sync per partition) has no checkpoint for its committed offset',
    symptomInLogs: 'DEBUG "translateDownstream(…): Skipped (OffsetSync{…} is ahead of upstream consumer group …)"',
    severity: 'warning',
    source: 'apache/kafka#15910 (commit 07650628400 in 3.7.1, 0ba15ad4d1b in 3.8.0)',
  },
  {
    jira: 'KAFKA-17232',
    title: 'MirrorCheckpointConnector does not generate task configs if the initial consumer group load times out',
    affected: [{ from: '3.5.0', to: '3.8.1' }],
    fixedIn: ['3.9.0'],
    symptomInFacts: 'the checkpoint connector runs without a task for groups that qualify',
    symptomInLogs: 'Scheduler ERROR "MirrorCheckpointConnector … timed out running task: loading initial consumer groups"',
    severity: 'warning',
    source: 'apache/kafka#16767 (commit 0b57b36c8f9, in 3.9.0)',
  },
  {
    jira: 'KAFKA-17242',
    title: 'Spurious timeout message for MirrorCheckpointTask offset-sync store startup',
    affected: [{ from: '3.5.0', to: '3.8.1' }],
    fixedIn: ['3.9.0'],
    symptomInFacts: 'none: the store keeps loading after the message',
    symptomInLogs: 'Scheduler ERROR "MirrorCheckpointTask … timed out running task: starting offset sync store" (or "… checkpoint and offset sync stores")',
    severity: 'info',
    source: 'apache/kafka#16773 (commit 9230a3899ff, in 3.9.0)',
  },
  {
    jira: 'KAFKA-18021',
    title: 'A disabled MirrorCheckpointConnector throws RetriableException on task config generation',
    affected: [{ from: '3.9.0', to: '3.9.1' }],
    fixedIn: ['4.0.0'],
    symptomInFacts: 'the flow is disabled (enabled=false) yet the checkpoint connector still runs tasks',
    symptomInLogs: 'ERROR "Failed to reconfigure connector\'s tasks (MirrorCheckpointConnector), retrying after backoff." with RetriableException "Timeout while loading consumer groups."',
    severity: 'warning',
    source: 'apache/kafka#18098 (merged 2024-12, after the 3.9 branch; 3.9.1 ships the old connector)',
  },
] as const satisfies readonly KnownBug[];

export type KnownBugId = (typeof KNOWN_BUGS)[number]['jira'];

/** True when `version` falls in one of the bug's affected ranges. */
export function isAffected(bug: KnownBug, version: KafkaVersion): boolean {
  return bug.affected.some((r) => compareVersions(version, kafkaVersion(r.from)) >= 0 && compareVersions(version, kafkaVersion(r.to)) <= 0);
}

/** The fix release to name for a running version: the first fixed release of its line, else the lowest later one. */
export function fixFor(bug: KnownBug, version: KafkaVersion): string {
  const later = bug.fixedIn.map((f) => kafkaVersion(f)).filter((f) => compareVersions(f, version) > 0).sort(compareVersions);
  const sameLine = later.find((f) => f.major === version.major && f.minor === version.minor);
  return (sameLine ?? later[0])?.raw ?? bug.fixedIn.join(', ');
}
