/**
 * The real Doctor, the one orchestrator: a loaded config in, read-only diagnoses out. It resolves
 * mirror names (pure), then for one mirror composes gather (all I/O) → checks → report → runbook.
 */
import type { Config, MirrorConfig } from '../config/schema.ts';
import { resolveMirror } from '../config/resolve-mirror.ts';
import { gatherFacts } from '../gather/index.ts';
import { ALL_CHECKS } from '../checks/index.ts';
import { buildReport } from './report.ts';
import { failoverReadiness } from './failover.ts';
import { buildRunbookContext, type RunbookContextInput } from '../runbook/context.ts';
import { explainLogs } from '../logs/explain.ts';
import type { Facts } from '../model/facts.ts';
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
}

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

export function createDoctor(config: Config, opts: DoctorOptions = {}): Doctor {
  return {
    mirrors: () => config.mirrors.map(refOf),
    resolve: (name) => resolveMirrorRef(config, name),
    async diagnose(mirror: MirrorRef, dopts: DiagnoseOptions = {}): Promise<Diagnosis> {
      const started = performance.now();
      const m = config.mirrors.find((x) => x.id === mirror.name);
      if (!m) throw new UsageError(`No mirror named ${mirror.name} is configured.`);
      const source = config.clusters[m.source];
      const target = config.clusters[m.target];
      if (!source || !target) throw new UsageError(`mirror ${m.id} names a cluster that is not configured (${!source ? m.source : m.target})`);
      const facts = await gatherFacts({
        mirror,
        config: { mirror: m, source, target },
        otherMirrors: config.mirrors.filter((x) => x.id !== m.id).map((x) => ({ source: x.source, target: x.target })),
        ...(opts.maxRecords && { maxRecords: opts.maxRecords }),
        ...(dopts.logsText !== undefined && { logs: explainLogs(dopts.logsText) }),
        ...(opts.now && { now: opts.now }),
        ...(opts.env && { env: opts.env }),
      });
      const report = buildReport(facts, ALL_CHECKS, { durationMs: Math.round(performance.now() - started) });
      return { report, facts, runbook: buildRunbookContext(facts, runbookInput(config, m, facts)), failover: failoverReadiness(facts) };
    },
    async close() {},
  };
}
