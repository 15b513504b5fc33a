/**
 * The real Doctor, the one orchestrator: a loaded config in, read-only diagnoses out. It resolves
 * mirror names (pure), then for one mirror composes gather (all I/O) → checks → report → runbook.
 *
 * Many people, one answer (issue 13):
 * - concurrent diagnoses of one mirror share one gathering (single-flight); pasted logs are
 *   explained per caller on top of the shared facts;
 * - Kafka connections stay open between diagnoses in a pool the doctor owns (closed after
 *   `idleMs` unused, rebuilt after a failure, all closed by `close()`);
 * - `diagnose(m, { maxAgeMs })` reuses the mirror's last gathering when it is young enough, and
 *   every diagnosis says how old its facts are (`ageMs`);
 * - every caller of a shared gathering hears its stages (`onProgress`), a late one starting with
 *   the latest.
 */
import type { Config, MirrorConfig } from '../config/schema.ts';
import { resolveMirror } from '../config/resolve-mirror.ts';
import { explainLogTexts, gatherFacts, pastedLogText } from '../gather/index.ts';
import type { LogText } from '../gather/strimzi-live.ts';
import { ClusterPool } from '../gather/pool.ts';
import { ALL_CHECKS } from '../checks/index.ts';
import { buildReport } from './report.ts';
import { withFailover } from './failover.ts';
import { buildRunbookContext, type RunbookContextInput } from '../runbook/context.ts';
import { explainLogs } from '../logs/explain.ts';
import type { Facts } from '../model/facts.ts';
import type { Progress, ProgressListener } from '../model/progress.ts';
import { UsageError, type DiagnoseOptions, type Diagnosis, type Doctor, type MirrorRef } from '../model/diagnosis.ts';

/** The MirrorRef of a configured mirror. */
export function refOf(m: MirrorConfig): MirrorRef {
  return { name: m.id, sourceAlias: m.source, targetAlias: m.target };
}

/** `svl` or `svl->confluent` → the configured mirror's ref, or a UsageError with a did-you-mean. */
export function resolveMirrorRef(config: Config, input: string): MirrorRef {
  const r = resolveMirror(config, input);
  if (!r.ok) throw new UsageError(r.message);
  return refOf(r.mirror);
}

export interface DoctorOptions {
  now?: () => number;
  maxRecords?: number;
  env?: NodeJS.ProcessEnv;
  /** How long an unused Kafka connection stays open (default 5 minutes). */
  idleMs?: number;
  /** The connection pool to use (default: a new one with `idleMs`); the doctor closes it in `close()`. */
  pool?: ClusterPool;
}

/** Default for {@link DoctorOptions.idleMs}: longer than the alert loop's default 60 s interval, so it reuses its connections. */
export const DEFAULT_IDLE_MS = 5 * 60_000;

/** What the steps are filled in with that the facts do not carry: bootstraps, URLs, the resource's name. */
function runbookInput(config: Config, m: MirrorConfig, facts: Facts): RunbookContextInput {
  const src = config.clusters[m.source]!;
  const tgt = config.clusters[m.target]!;
  const live = facts.strimziResource?.ok ? facts.strimziResource.value : undefined;
  const crName = live?.name ?? m.strimzi?.resource?.metadata?.name ?? m.strimzi?.kubernetes?.name;
  const crNamespace = live?.namespace ?? m.strimzi?.resource?.metadata?.namespace ?? m.strimzi?.kubernetes?.namespace;
  return {
    source: { bootstrap: src.bootstrap.join(','), secured: !!(src.sasl || src.tls) },
    target: { bootstrap: tgt.bootstrap.join(','), secured: !!(tgt.sasl || tgt.tls) },
    ...(m.connect && { connectUrl: m.connect.url }),
    ...(crName && { strimzi: { name: crName, ...(crNamespace && { namespace: crNamespace }) } }),
  };
}

/** The callers listening to a gathering's stages, and its latest stage. */
interface News {
  listeners: Set<ProgressListener>;
  latest?: Progress;
}

/** A gathering in flight. */
interface Flight extends News {
  diagnosis: Promise<Diagnosis>;
}

/** `onProgress` hears the flight's stages (the latest at once) until its diagnosis settles. */
function listen(flight: Flight, onProgress: ProgressListener | undefined): Promise<Diagnosis> {
  if (!onProgress) return flight.diagnosis;
  const l: ProgressListener = (p) => {
    try {
      onProgress(p);
    } catch {
      // Progress is only news: one caller's failing listener never fails the shared gathering.
    }
  };
  if (flight.latest) l(flight.latest);
  flight.listeners.add(l);
  return flight.diagnosis.finally(() => flight.listeners.delete(l));
}

export function createDoctor(config: Config, opts: DoctorOptions = {}): Doctor {
  const now = opts.now ?? Date.now;
  const pool = opts.pool ?? new ClusterPool({ idleMs: opts.idleMs ?? DEFAULT_IDLE_MS });
  /** Gatherings in flight, and the last finished one, per mirror (without pasted logs). */
  const inFlight = new Map<string, Flight>();
  const latest = new Map<string, Diagnosis>();
  /** The MM2 pods' raw log texts of each gathering, to explain a caller's pasted logs with them. */
  const podLogs = new WeakMap<Facts, LogText[]>();

  const configOf = (mirror: MirrorRef) => {
    const m = config.mirrors.find((x) => x.id === mirror.name);
    if (!m) throw new UsageError(`No mirror named ${mirror.name} is configured.`);
    const source = config.clusters[m.source];
    const target = config.clusters[m.target];
    if (!source || !target) throw new UsageError(`mirror ${m.id} names a cluster that is not configured (${!source ? m.source : m.target})`);
    return { mirror: m, source, target };
  };

  const assemble = (m: MirrorConfig, facts: Facts, durationMs: number): Diagnosis =>
    withFailover({
      report: buildReport(facts, ALL_CHECKS, { durationMs }),
      facts,
      runbook: buildRunbookContext(facts, runbookInput(config, m, facts)),
    });

  const gather = (mirror: MirrorRef, cfg: ReturnType<typeof configOf>, onProgress: ProgressListener | undefined): Promise<Diagnosis> => {
    const running = inFlight.get(mirror.name);
    if (running) return listen(running, onProgress);
    // Gathering may report its first stage before it returns its promise: the news comes first.
    const news: News = { listeners: new Set() };
    const started = performance.now();
    let texts: LogText[] = [];
    const p = gatherFacts({
      mirror,
      config: cfg,
      otherMirrors: config.mirrors.filter((x) => x.id !== cfg.mirror.id).map((x) => ({ source: x.source, target: x.target })),
      kafka: pool,
      explainLogs,
      onPodLogs: (t) => void (texts = t),
      onProgress: (stage) => {
        news.latest = stage;
        for (const l of news.listeners) l(stage);
      },
      ...(opts.maxRecords && { maxRecords: opts.maxRecords }),
      now,
      ...(opts.env && { env: opts.env }),
    })
      .then((facts) => {
        podLogs.set(facts, texts);
        const d = assemble(cfg.mirror, facts, Math.round(performance.now() - started));
        latest.set(mirror.name, d);
        return d;
      })
      .finally(() => inFlight.delete(mirror.name));
    const flight: Flight = Object.assign(news, { diagnosis: p });
    inFlight.set(mirror.name, flight);
    return listen(flight, onProgress);
  };

  return {
    mirrors: () => config.mirrors.map(refOf),
    resolve: (name) => resolveMirrorRef(config, name),
    async diagnose(mirror: MirrorRef, dopts: DiagnoseOptions = {}): Promise<Diagnosis> {
      const cfg = configOf(mirror);
      const recent = dopts.maxAgeMs === undefined ? undefined : latest.get(mirror.name);
      const base = recent && now() - recent.facts.now <= dopts.maxAgeMs! ? recent : await gather(mirror, cfg, dopts.onProgress);
      // Pasted logs belong to this caller: explained on top of the shared facts, with the pods' own.
      const pasted = dopts.logsText === undefined ? undefined : [pastedLogText(dopts.logsText, dopts.logsOrigin ?? 'pasted'), ...(podLogs.get(base.facts) ?? [])];
      const d = pasted ? assemble(cfg.mirror, { ...base.facts, ...explainLogTexts(pasted, explainLogs) }, base.report.durationMs) : base;
      // Not a spread: that would work out the failover readiness, which most callers never read.
      return withFailover({ report: d.report, facts: d.facts, runbook: d.runbook, ageMs: Math.max(0, now() - d.facts.now) });
    },
    async close() {
      await pool.close();
    },
  };
}
