/**
 * The real Doctor: a loaded config in, read-only diagnoses out. It resolves mirror names, turns
 * config cluster entries into connections (secrets resolved at use time, never stored in facts),
 * decides the effective MM2 settings (live Connect config, else the Strimzi resource, else the
 * config's overrides and MM2's defaults), gathers, checks and builds the report.
 */
import type { Config, MirrorConfig } from '../config/schema.ts';
import { resolveSecret } from '../config/secrets.ts';
import { resolveMirror } from '../config/resolve-mirror.ts';
import { resolveConnection } from '../kafka/connection.ts';
import { gatherFacts } from '../gather/index.ts';
import type { ConnectTarget } from '../gather/connect.ts';
import { ALL_CHECKS } from '../checks/index.ts';
import { buildReport } from './report.ts';
import { buildRunbookContext } from '../runbook/context.ts';
import { effectiveSettings, type ConnectorSettings, type MirrorSettings } from '../mm2/settings.ts';
import { explainLogs } from '../logs/explain.ts';
import { KubeError, kubeAccess, readKafkaMirrorMaker2 } from '../gather/kubernetes.ts';
import { timed } from '../gather/timed.ts';
import type { KafkaMirrorMaker2Resource } from '../mm2/strimzi.ts';
import type { ConnectFacts, EffectiveSettings, SettingOrigin } from '../model/facts.ts';
import { UsageError, type DiagnoseOptions, type Diagnosis, type Doctor, type MirrorRef } from '../model/diagnosis.ts';

function refOf(m: MirrorConfig): MirrorRef {
  return { name: m.id, sourceAlias: m.source, targetAlias: m.target };
}

/** `svl` or `svl->confluent` → the configured mirror, or a UsageError with a did-you-mean. */
function resolveMirrorRef(config: Config, input: string): MirrorConfig {
  const r = resolveMirror(config, input);
  if (!r.ok) throw new UsageError(r.message);
  return r.mirror;
}

/** The checkpoint connector's settings as the flat `EffectiveSettings` checks read. */
function flatten(ms: MirrorSettings, m: MirrorConfig): EffectiveSettings {
  const cs: ConnectorSettings = ms.checkpoint;
  const values: Record<string, string> = {};
  const origin: EffectiveSettings['origin'] = {};
  // For a Strimzi-managed mirror, name the resource field behind a key even when the live value
  // came from Connect: that field is what the operator edits.
  const strimziPaths = ms.strimzi?.connectors.find((c) => c.role === 'checkpoint')?.origins ?? {};
  for (const [k, v] of Object.entries(cs.raw)) {
    values[k] = v.value;
    const p = v.path ?? strimziPaths[k];
    origin[k] = { from: v.source as SettingOrigin, ...(p && { path: p }) };
  }
  for (const s of Object.values(cs)) {
    if (!s || typeof s !== 'object' || !('key' in s) || typeof (s as { key: unknown }).key !== 'string') continue;
    const setting = s as { key: string; value: unknown; source: SettingOrigin; path?: string };
    if (setting.value === undefined) continue;
    values[setting.key] ??= String(setting.value);
    origin[setting.key] ??= { from: setting.source, ...(setting.path && { path: setting.path }) };
  }
  const from = Object.values(origin).some((o) => o.from === 'connect')
    ? `Kafka Connect REST at ${m.connect?.url}`
    : m.strimzi?.file
      ? `KafkaMirrorMaker2 file ${m.strimzi.file}`
      : `the mm2-doctor config and MM2 ${ms.kafkaVersion.raw} defaults`;
  return { sourceAlias: m.source, targetAlias: m.target, kafkaVersion: ms.kafkaVersion.raw, values, origin, source: from };
}

export interface DoctorOptions {
  now?: () => number;
  maxRecords?: number;
  env?: NodeJS.ProcessEnv;
}

/** The `spec.mirrors[]` entry of a resource for this mirror: by aliases (v1beta2 or v1), else the only one. */
function mirrorIndexOf(cr: KafkaMirrorMaker2Resource, m: MirrorConfig): number {
  const mirrors = cr.spec.mirrors ?? [];
  const i = mirrors.findIndex((x) => (x.sourceCluster ?? x.source?.alias) === m.source && (x.targetCluster ?? cr.spec.target?.alias ?? cr.spec.connectCluster) === m.target);
  return i >= 0 ? i : 0;
}

export function createDoctor(config: Config, opts: DoctorOptions = {}): Doctor {
  return {
    mirrors: () => config.mirrors.map(refOf),
    resolve: (ref) => refOf(resolveMirrorRef(config, ref)),
    async diagnose(ref: string, dopts: DiagnoseOptions = {}): Promise<Diagnosis> {
      const started = performance.now();
      const m = resolveMirrorRef(config, ref);
      const src = config.clusters[m.source];
      const tgt = config.clusters[m.target];
      if (!src || !tgt) throw new UsageError(`mirror ${m.id} names a cluster that is not configured (${!src ? m.source : m.target})`);
      const [source, target] = await Promise.all([resolveConnection(src), resolveConnection(tgt)]);
      let connectTarget: ConnectTarget | undefined;
      if (m.connect) {
        let authorization: string | undefined;
        if (m.connect.auth) {
          const pw = await resolveSecret(m.connect.auth.password);
          if (pw.ok) authorization = `Basic ${Buffer.from(`${m.connect.auth.username}:${pw.secret.reveal()}`).toString('base64')}`;
        }
        connectTarget = {
          url: m.connect.url,
          timeoutMs: m.connect.timeoutMs,
          sourceAlias: m.source,
          targetAlias: m.target,
          names: m.connect.connectors,
          ...(authorization && { authorization }),
        };
      }
      // A resource named by `strimzi.kubernetes` is read now, at diagnosis time: it is the live one.
      const kube = m.strimzi?.kubernetes;
      let cr = m.strimzi?.resource;
      let crIndex = m.strimzi?.mirrorIndex ?? 0;
      const strimziResource = kube
        ? await timed(
            async () => {
              const r = await readKafkaMirrorMaker2(await kubeAccess(opts.env), kube.namespace, kube.name, m.connect?.timeoutMs ?? src.timeoutMs);
              cr = r;
              crIndex = mirrorIndexOf(r, m);
              return { namespace: kube.namespace, name: kube.name, apiVersion: r.apiVersion ?? '', mirrorIndex: crIndex };
            },
            (err) => (err instanceof KubeError ? { kind: err.kind, message: err.message, operation: 'GET KafkaMirrorMaker2' } : { kind: 'error', message: (err as Error).message, operation: 'GET KafkaMirrorMaker2' }),
          )
        : undefined;
      let mirrorSettings: MirrorSettings | undefined;
      const settingsFor = (live: ConnectFacts | undefined) => {
        mirrorSettings = effectiveSettings({
          // The running worker's version beats the config's (or its 3.9.0 default): it is what MM2 does.
          kafkaVersion: live?.version ?? m.kafkaVersion,
          aliases: { source: m.source, target: m.target, sourcePath: `${m.path}.source`, targetPath: `${m.path}.target` },
          ...(live && {
            connect: {
              configs: {
                ...(live.source && { source: live.source.config }),
                ...(live.checkpoint && { checkpoint: live.checkpoint.config }),
                ...(live.heartbeat && { heartbeat: live.heartbeat.config }),
              },
              names: {
                ...(live.source && { source: live.source.name }),
                ...(live.checkpoint && { checkpoint: live.checkpoint.name }),
                ...(live.heartbeat && { heartbeat: live.heartbeat.name }),
              },
            },
          }),
          ...(cr && { strimzi: { resource: cr, mirrorIndex: crIndex } }),
          overrides: { values: m.settings, path: `${m.path}.settings` },
        });
        return flatten(mirrorSettings, m);
      };
      const facts = await gatherFacts({
        mirror: refOf(m),
        source,
        target,
        ...(connectTarget && { connect: connectTarget }),
        settings: settingsFor,
        ...(opts.maxRecords && { maxRecords: opts.maxRecords }),
        ...(dopts.logsText !== undefined && { logs: explainLogs(dopts.logsText) }),
        ...(opts.now && { now: opts.now }),
      });
      if (mirrorSettings) facts.mirrorSettings = mirrorSettings;
      if (strimziResource) facts.strimziResource = strimziResource;
      const report = buildReport(facts, ALL_CHECKS, { durationMs: Math.round(performance.now() - started) });
      const crMeta = cr?.metadata ?? (kube && { name: kube.name, namespace: kube.namespace });
      const runbook = buildRunbookContext(facts, {
        source: { bootstrap: src.bootstrap.join(','), secured: !!(src.sasl || src.tls) },
        target: { bootstrap: tgt.bootstrap.join(','), secured: !!(tgt.sasl || tgt.tls) },
        ...(m.connect && { connectUrl: m.connect.url }),
        ...(crMeta?.name && { strimzi: { name: crMeta.name, ...(crMeta.namespace && { namespace: crMeta.namespace }) } }),
      });
      return { report, facts, runbook };
    },
    async close() {},
  };
}
