import type { Check, FactKey } from './check.ts';
import type { Facts } from '../model/facts.ts';
import type { Finding, FindingCode, Severity } from '../model/finding.ts';
import type { LogEntry } from '../model/log-explanation.ts';
import { connectOf } from './lib/facts.ts';
import { between, logEntries } from './lib/logs.ts';

/** How one log cause becomes a finding, and which live facts decide the same question. */
interface Mapping {
  code: FindingCode;
  severity: Severity;
  /**
   * When these facts were gathered, the live checks judge the question and the log line only
   * corroborates (checks cite it as evidence). `[]`: no live fact shows it (MM2's own ACLs).
   */
  decidedBy: readonly FactKey[];
}

const worker: Mapping = { code: 'connect-worker-dead', severity: 'critical', decidedBy: ['connect'] };
const clients: Mapping = { code: 'mm2-client-config-failed', severity: 'critical', decidedBy: ['connect'] };
const notEmitted: Mapping = { code: 'checkpoints-not-emitted', severity: 'warning', decidedBy: ['checkpoints', 'offsetSyncs'] };
const source: Mapping = { code: 'source-connector-failed', severity: 'critical', decidedBy: ['connect'] };
const sourceDegraded: Mapping = { ...source, severity: 'warning' };
const mm2Acl: Mapping = { code: 'mm2-not-authorized', severity: 'warning', decidedBy: [] };

/** Log explainer cause codes (src/logs/rules) → findings. Unlisted causes are not attributable to one finding. */
const BY_LOG_CODE: Record<string, Mapping> = {
  'worker-dead': worker,
  'worker-crashloop': worker,
  'client-config-failed': clients,
  'connector-config-empty': clients,
  'never-connected': { ...clients, decidedBy: ['connect', 'offsetSyncs'] },
  'emit-checkpoints-disabled': { code: 'checkpoints-disabled', severity: 'critical', decidedBy: ['connect'] },
  'offset-syncs-disabled': { code: 'checkpoints-disabled', severity: 'critical', decidedBy: ['connect'] },
  'checkpoint-task-failed': { code: 'checkpoint-task-failed', severity: 'critical', decidedBy: ['connect'] },
  'checkpoint-connector-failed': { code: 'checkpoint-connector-not-running', severity: 'critical', decidedBy: ['connect'] },
  'checkpoint-not-running': { code: 'checkpoint-connector-not-running', severity: 'critical', decidedBy: ['connect'] },
  'checkpoint-failed-state': { code: 'checkpoint-connector-not-running', severity: 'critical', decidedBy: ['connect'] },
  'checkpoint-connector-unresponsive': { code: 'checkpoint-connector-not-running', severity: 'critical', decidedBy: ['connect'] },
  'checkpoint-no-tasks': { code: 'checkpoint-connector-no-tasks', severity: 'warning', decidedBy: ['connect'] },
  'connector-config-mismatch': { code: 'connector-config-mismatch', severity: 'warning', decidedBy: ['connect'] },
  'started-with-zero-groups': { code: 'no-consumer-groups', severity: 'warning', decidedBy: ['sourceGroups'] },
  'found-zero-groups': { code: 'no-consumer-groups', severity: 'warning', decidedBy: ['sourceGroups'] },
  'groups-without-mirrored-offsets': { code: 'groups-on-unmirrored-topics', severity: 'warning', decidedBy: ['sourceGroups'] },
  'groups-load-timeout': { code: 'groups-pending-refresh', severity: 'warning', decidedBy: ['connect', 'sourceGroups'] },
  'groups-load-failed': { code: 'groups-pending-refresh', severity: 'warning', decidedBy: ['connect', 'sourceGroups'] },
  'groups-not-loaded': { code: 'groups-pending-refresh', severity: 'warning', decidedBy: ['connect', 'sourceGroups'] },
  'group-not-authorized': mm2Acl,
  'checkpoints-topic-not-authorized': mm2Acl,
  'checkpoint-send-failed': notEmitted,
  'checkpoint-flush-timeout': notEmitted,
  'error-polling': notEmitted,
  'offset-sync-store-failed': notEmitted,
  'checkpoint-poll-failed': notEmitted,
  'group-offsets-query-failed': notEmitted,
  'checkpoints-topic-unreadable': notEmitted,
  'internal-topic-unreadable': notEmitted,
  'translate-skipped-loading': { code: 'translation-impossible', severity: 'warning', decidedBy: ['offsetSyncs', 'sourceGroups'] },
  'translate-skipped-no-sync': { code: 'translation-impossible', severity: 'warning', decidedBy: ['offsetSyncs', 'sourceGroups'] },
  'translate-skipped-sync-ahead': { code: 'translation-impossible', severity: 'warning', decidedBy: ['offsetSyncs', 'sourceGroups'] },
  'offset-syncs-unreadable': { code: 'offset-syncs-missing', severity: 'warning', decidedBy: ['offsetSyncsTopic'] },
  'offset-syncs-topic-create-failed': { code: 'offset-syncs-missing', severity: 'warning', decidedBy: ['offsetSyncsTopic'] },
  'offset-sync-send-failed': { code: 'offset-syncs-empty', severity: 'warning', decidedBy: ['offsetSyncs'] },
  'checkpoints-topic-missing': { code: 'checkpoints-topic-missing', severity: 'critical', decidedBy: ['checkpointsTopic'] },
  'checkpoints-topic-create-failed': { code: 'checkpoints-topic-missing', severity: 'warning', decidedBy: ['checkpointsTopic'] },
  'invalid-checkpoint-record': { code: 'checkpoints-converter-mismatch', severity: 'warning', decidedBy: ['checkpoints'] },
  'source-task-failed': source,
  'source-connector-failed': source,
  'source-failed-state': source,
  'source-not-running': source,
  'source-connector-task-failed': sourceDegraded,
  'source-no-tasks': sourceDegraded,
  'record-send-failed': sourceDegraded,
  'record-too-large': sourceDegraded,
  'source-connector-unresponsive': source,
  'replication-admin-failed': sourceDegraded,
};

/** Which MM2 internal topic a logged topic name is (the explainer already picked internal topics only). */
function topicKind(topic: string | undefined): 'offset-syncs' | 'checkpoints' | undefined {
  if (!topic) return undefined;
  if (topic.includes('offset-syncs')) return 'offset-syncs';
  return /checkpoints[._-]internal$/.test(topic) ? 'checkpoints' : undefined;
}

/** The mapping of one entry; some depend on the topic or exception the line names. */
function mappingOf(e: LogEntry): Mapping | undefined {
  const authz = e.exceptions?.some((x) => x.endsWith('AuthorizationException')) === true;
  if (authz && (e.code === 'checkpoint-send-failed' || e.code === 'error-polling')) return mm2Acl;
  if (e.code === 'internal-topic-metadata-error' || e.code === 'internal-topic-create-denied') {
    const kind = topicKind(e.topic);
    if (kind === 'offset-syncs') return { code: 'offset-syncs-missing', severity: 'warning', decidedBy: ['offsetSyncsTopic'] };
    if (kind === 'checkpoints') return { code: 'checkpoints-topic-missing', severity: 'warning', decidedBy: ['checkpointsTopic'] };
    return undefined;
  }
  if (e.code === 'checkpoint-failed-state' && / task \d+ is FAILED$/.test(e.title)) return { code: 'checkpoint-task-failed', severity: 'critical', decidedBy: ['connect'] };
  return BY_LOG_CODE[e.code];
}

/** Why a fact is missing, or undefined when it was gathered. */
function missing(facts: Facts, key: FactKey): string | undefined {
  const v = facts[key] as { ok?: boolean; error?: { kind: string; message: string } } | undefined;
  if (v === undefined || v === null) return `${key}: not configured`;
  if (v.ok === false) return `${key}: ${v.error?.kind ?? 'error'}${v.error?.message ? ` (${v.error.message})` : ''}`;
  return undefined;
}

/**
 * The live state of the source connector decides its log failures only when Connect answered
 * and shows it RUNNING: no other check reads the source connector's state.
 */
function sourceRunningLive(facts: Facts): boolean {
  const s = connectOf(facts)?.source;
  return !!s && s.state === 'RUNNING' && s.tasks.every((t) => t.state === 'RUNNING');
}

/** Which cluster a finding concerns, for the steps: where the named topic lives, the source for groups. */
function clusterOf(facts: Facts, e: LogEntry): 'source' | 'target' | undefined {
  if (e.topic) return topicKind(e.topic) === 'offset-syncs' ? facts.topicNames.offsetSyncs.cluster : 'target';
  if (e.groups?.length) return 'source';
  return undefined;
}

function evidenceOf(e: LogEntry): Finding['evidence'] {
  const when = between(e.first, e.last);
  return [
    { label: 'from the logs', value: `${e.title}${e.count > 1 ? ` (${e.count}×)` : ''}` },
    { label: 'log line', value: e.sample },
    ...(e.reason ? [{ label: 'why', value: e.reason }] : []),
    ...(e.action ? [{ label: 'to fix', value: e.action }] : []),
    ...(when ? [{ label: 'seen', value: when }] : []),
    ...(e.exceptions?.length ? [{ label: 'exceptions', value: e.exceptions }] : []),
  ];
}

/**
 * Keeps what MM2's logs prove when the live fact that would show the same is missing (clusters
 * unreachable, no Connect URL, Connect down): each log cause becomes the finding that fits it,
 * marked "from the logs" and saying which live fact could not be read. A worker that died, or
 * clients that cannot be built from the cluster config, get their own codes; no live check can
 * see MM2's own ACLs, so those log lines always count.
 */
export const logCauses: Check = {
  id: 'log-causes',
  emits: [
    'connect-worker-dead',
    'mm2-client-config-failed',
    'mm2-not-authorized',
    'source-connector-failed',
    'checkpoints-disabled',
    'checkpoint-task-failed',
    'checkpoint-connector-not-running',
    'checkpoint-connector-no-tasks',
    'connector-config-mismatch',
    'no-consumer-groups',
    'groups-on-unmirrored-topics',
    'groups-pending-refresh',
    'checkpoints-not-emitted',
    'translation-impossible',
    'offset-syncs-missing',
    'offset-syncs-empty',
    'checkpoints-topic-missing',
    'checkpoints-converter-mismatch',
  ],
  needs: ['logs'],
  run(facts: Facts) {
    const byCode = new Map<FindingCode, { mapping: Mapping; entries: LogEntry[]; unread: string[] }>();
    // With group reads denied to mm2-doctor, MM2's "0 consumer groups" may be the same ACL at work
    // (ListGroups omits groups the principal may not DESCRIBE, C8): not-authorized says so instead.
    const groupsDenied = !facts.sourceGroups.ok && facts.sourceGroups.error.kind === 'not-authorized';
    for (const e of logEntries(facts, 'cause')) {
      const mapping = mappingOf(e);
      if (!mapping || (groupsDenied && mapping.code === 'no-consumer-groups')) continue;
      const unread = mapping.decidedBy.map((k) => missing(facts, k)).filter((x): x is string => x !== undefined);
      const decided = mapping.decidedBy.length > 0 && unread.length === 0;
      if (decided && !(mapping.code === 'source-connector-failed' && !sourceRunningLive(facts))) continue;
      const slot = byCode.get(mapping.code) ?? { mapping, entries: [], unread };
      if (mapping.severity === 'critical') slot.mapping = mapping;
      slot.entries.push(e);
      byCode.set(mapping.code, slot);
    }
    return [...byCode.entries()].map(([code, { mapping, entries, unread }]): Finding => {
      const first = entries[0]!;
      const more = entries.length > 1 ? ` (+${entries.length - 1} more log cause${entries.length > 2 ? 's' : ''})` : '';
      const groups = [...new Set(entries.flatMap((e) => e.groups ?? []))].slice(0, 20);
      const topics = [...new Set(entries.map((e) => e.topic).filter((t): t is string => !!t))];
      const connector = entries.find((e) => e.connector)?.connector;
      const cluster = clusterOf(facts, first);
      return {
        code,
        severity: mapping.severity,
        title: `From the logs: ${first.title}${more}`,
        evidence: [
          ...entries.slice(0, 3).flatMap(evidenceOf),
          { label: 'not checked live', value: unread.length > 0 ? unread.join('; ') : 'no live fact shows this (it is about MM2 itself)' },
        ],
        subject: {
          ...(groups.length > 0 && { groups }),
          ...(topics.length > 0 && { topics }),
          ...(connector && { connector }),
          ...(cluster && { cluster }),
        },
      };
    });
  },
};
