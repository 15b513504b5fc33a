/**
 * Prometheus metrics of the bot (prom-client), served at `/metrics` next to the health probes.
 *
 * Per mirror, from its latest diagnosis (whoever asked: a command, a watch, a digest, an alert, or
 * the metrics refresh): the verdict as a state set, the root cause code, the newest checkpoint's and
 * newest offset sync's age, the checkpoint interval (alerts compare the age with it), and the groups
 * checkpointed. For the bot: diagnoses by outcome, their duration, Slack ack latency, gather errors
 * by fact and kind, and whether this replica is the poster.
 *
 * Labels stay bounded: `mirror` takes configured mirror names, `verdict` four values, `code` the
 * finding table's codes, `fact` and `kind` the fact and error-kind unions. The only group-level
 * series (predicted re-reads at failover) are capped per mirror (`metrics.groupSeriesLimit`).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Diagnosis, DiagnoseOptions, Doctor, MirrorRef } from '../model/diagnosis.ts';
import type { FactKey, Facts, Gathered } from '../model/facts.ts';
import { VERDICT_ORDER } from '../model/verdict.ts';

export const PREFIX = 'mm2doctor_';

/**
 * Failover readiness of a mirror, for the metrics (issue 10 computes it; until it plugs in here
 * these series stay empty): how many groups could fail over now, and per group how many records
 * its consumers would read again on the target.
 */
export interface FailoverSeries {
  groupsReady: number;
  rereads: { group: string; records: number }[];
}
/** The extension point: reads a diagnosis's failover readiness, or undefined when it has none. */
export type FailoverReader = (d: Diagnosis) => FailoverSeries | undefined;

export interface MetricsOptions {
  /** Most per-group series per mirror; the groups with the most re-reads are kept (default 50). */
  groupSeriesLimit?: number;
  failover?: FailoverReader;
  /** Node's process metrics (RSS, CPU, event loop lag) under the same prefix (default true). */
  processMetrics?: boolean;
}

/** Facts that are `Gathered` and so can fail, for `gather_errors_total`. */
const GATHERED: readonly FactKey[] = ['source', 'target', 'sourceTopics', 'targetTopics', 'sourceGroups', 'checkpointsTopic', 'offsetSyncsTopic', 'offsetSyncs', 'checkpoints', 'connect', 'strimziResource', 'mm2Pods'];

/** Age in seconds of the newest record, `+Inf` for an empty topic, undefined when it could not be read. */
function newestAge(facts: Facts, g: Gathered<{ records: { timestamp: number }[] }>): number | undefined {
  if (!g.ok) return undefined;
  if (g.value.records.length === 0) return Number.POSITIVE_INFINITY;
  let newest = 0;
  for (const r of g.value.records) if (r.timestamp > newest) newest = r.timestamp;
  return Math.max(0, (facts.now - newest) / 1000);
}

export class BotMetrics {
  readonly registry = new Registry();
  private readonly limit: number;
  private readonly failover: FailoverReader | undefined;
  private readonly rootCauses = new Map<string, string>();
  private readonly groupSeries = new Map<string, Set<string>>();

  private readonly verdict = this.gauge('mirror_verdict', 'Verdict of the latest diagnosis of the mirror: 1 for the current verdict, 0 for the others', ['mirror', 'verdict']);
  private readonly rootCause = this.gauge('mirror_root_cause', 'Root cause finding code of the latest diagnosis (1); no series while the mirror has none', ['mirror', 'code']);
  private readonly checkpointAge = this.gauge('mirror_newest_checkpoint_age_seconds', 'Age of the newest record in the checkpoints topic; +Inf when the topic holds none', ['mirror']);
  private readonly syncAge = this.gauge('mirror_offset_sync_age_seconds', 'Age of the newest record in the offset-syncs topic; +Inf when the topic holds none', ['mirror']);
  private readonly interval = this.gauge('mirror_checkpoint_interval_seconds', 'emit.checkpoints.interval.seconds of the checkpoint connector, as in effect', ['mirror']);
  private readonly checkpointed = this.gauge('mirror_groups_checkpointed', 'Consumer groups with at least one checkpoint in the checkpoints topic', ['mirror']);
  private readonly lastDiagnosis = this.gauge('mirror_last_diagnosis_timestamp_seconds', 'When the mirror was last diagnosed (Unix time)', ['mirror']);
  private readonly failoverReady = this.gauge('mirror_groups_failover_ready', 'Consumer groups that could fail over to the target now', ['mirror']);
  private readonly rereads = this.gauge('group_predicted_rereads', 'Records a group would read again after failing over to the target (capped per mirror)', ['mirror', 'group']);

  private readonly diagnoses = new Counter({ name: `${PREFIX}diagnoses_total`, help: 'Diagnoses run, by outcome: the verdict, or error', labelNames: ['outcome'], registers: [this.registry] });
  private readonly duration = new Histogram({ name: `${PREFIX}diagnosis_duration_seconds`, help: 'How long a diagnosis took, gathering included', buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60], registers: [this.registry] });
  private readonly ack = new Histogram({ name: `${PREFIX}slack_ack_seconds`, help: 'From a Slack request arriving to its ack (Slack allows 3 s)', labelNames: ['kind'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5], registers: [this.registry] });
  private readonly gatherErrors = new Counter({ name: `${PREFIX}gather_errors_total`, help: 'Facts a diagnosis could not gather, by fact and error kind', labelNames: ['fact', 'kind'], registers: [this.registry] });
  private readonly poster = new Gauge({ name: `${PREFIX}poster`, help: '1 while this replica holds the poster role (posts digests and alerts)', registers: [this.registry] });

  constructor(opts: MetricsOptions = {}) {
    this.limit = opts.groupSeriesLimit ?? 50;
    this.failover = opts.failover;
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
    return new Gauge({ name: `${PREFIX}${name}`, help, labelNames, registers: [this.registry] });
  }

  /** Updates the mirror's series from a diagnosis and counts it. */
  recordDiagnosis(d: Diagnosis, seconds: number): void {
    const mirror = d.report.mirror.name;
    const f = d.facts;
    this.diagnoses.inc({ outcome: d.report.verdict });
    this.duration.observe(seconds);
    for (const v of VERDICT_ORDER) this.verdict.set({ mirror, verdict: v }, v === d.report.verdict ? 1 : 0);
    const code = d.report.rootCause?.code;
    const old = this.rootCauses.get(mirror);
    if (old !== undefined && old !== code) this.rootCause.remove({ mirror, code: old });
    if (code) {
      this.rootCause.set({ mirror, code }, 1);
      this.rootCauses.set(mirror, code);
    } else this.rootCauses.delete(mirror);
    const setOrRemove = (g: Gauge<'mirror'>, v: number | undefined) => (v === undefined ? g.remove({ mirror }) : g.set({ mirror }, v));
    setOrRemove(this.checkpointAge, newestAge(f, f.checkpoints));
    setOrRemove(this.syncAge, newestAge(f, f.offsetSyncs));
    setOrRemove(this.checkpointed, f.checkpoints.ok ? new Set(f.checkpoints.value.records.map((r) => r.group)).size : undefined);
    this.interval.set({ mirror }, f.settings.checkpoint.emitCheckpointsIntervalSeconds.value);
    this.lastDiagnosis.set({ mirror }, f.now / 1000);
    for (const key of GATHERED) {
      const g = f[key] as Gathered<unknown> | undefined;
      if (g && !g.ok) this.gatherErrors.inc({ fact: key, kind: g.error.kind });
    }
    this.recordFailover(mirror, d);
  }

  private recordFailover(mirror: string, d: Diagnosis): void {
    const series = this.failover?.(d);
    const before = this.groupSeries.get(mirror) ?? new Set<string>();
    if (!series) {
      this.failoverReady.remove({ mirror });
      for (const group of before) this.rereads.remove({ mirror, group });
      this.groupSeries.delete(mirror);
      return;
    }
    this.failoverReady.set({ mirror }, series.groupsReady);
    const kept = [...series.rereads].sort((a, b) => b.records - a.records || a.group.localeCompare(b.group)).slice(0, this.limit);
    const now = new Set(kept.map((r) => r.group));
    for (const group of before) if (!now.has(group)) this.rereads.remove({ mirror, group });
    for (const r of kept) this.rereads.set({ mirror, group: r.group }, r.records);
    this.groupSeries.set(mirror, now);
  }

  /** A diagnosis that threw (not cluster trouble: that is a verdict). */
  recordFailure(seconds: number): void {
    this.diagnoses.inc({ outcome: 'error' });
    this.duration.observe(seconds);
  }

  /** `kind`: `command`, `action`, `event`, `options`, `view`, `shortcut`. */
  observeSlackAck(kind: string, seconds: number): void {
    this.ack.observe({ kind }, seconds);
  }

  setPoster(isPoster: boolean): void {
    this.poster.set(isPoster ? 1 : 0);
  }

  /** The text exposition format, for GET /metrics. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** A Doctor whose every diagnosis updates `metrics`. */
export function measuredDoctor(doctor: Doctor, metrics: BotMetrics): Doctor {
  return {
    mirrors: () => doctor.mirrors(),
    resolve: (name) => doctor.resolve(name),
    async diagnose(mirror: MirrorRef, opts?: DiagnoseOptions): Promise<Diagnosis> {
      const started = performance.now();
      try {
        const d = await doctor.diagnose(mirror, opts);
        metrics.recordDiagnosis(d, (performance.now() - started) / 1000);
        return d;
      } catch (e) {
        metrics.recordFailure((performance.now() - started) / 1000);
        throw e;
      }
    },
    close: () => doctor.close(),
  };
}
