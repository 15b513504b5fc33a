/**
 * What a diagnosis reads from Kubernetes for a mirror whose config names its KafkaMirrorMaker2
 * there (`strimzi.kubernetes`): the resource (spec for the settings, status as facts), its pods,
 * and their recent logs. The three reads are independent facts: a 403 on `pods/log` leaves the
 * resource and the pod list in place, and its error names the missing RBAC rule.
 */
import type { MirrorConfig } from '../config/schema.ts';
import type { GatherError, Gathered, Mm2PodFacts, Mm2PodsFacts, PodLogRead, StrimziResourceFacts } from '../model/facts.ts';
import type { KafkaMirrorMaker2Resource } from '../mm2/strimzi.ts';
import { countLines } from '../util/lines.ts';
import { mapLimit } from '../util/map-limit.ts';
import { KubeError, kubeAccess, listMm2Pods, mm2PodSelector, readKafkaMirrorMaker2, readPodLog, type KubeAccess, type PodLogWindow } from './kubernetes.ts';
import { timed } from './timed.ts';

/** Pods read per resource (Strimzi runs `spec.replicas` workers; more is not MM2). */
const MAX_PODS = 10;
const DEFAULT_WINDOW: PodLogWindow = { sinceSeconds: 21_600, tailLines: 20_000, limitBytes: 4 * 1024 * 1024 };

/** A log text with where it came from, for the explainer. */
export interface LogText {
  origin: string;
  text: string;
  bytes: number;
  truncated: boolean;
}

/** Everything read live for one mirror. */
export interface LiveStrimzi {
  resource: Gathered<StrimziResourceFacts & { resource: KafkaMirrorMaker2Resource }>;
  pods?: Gathered<Mm2PodsFacts>;
  logs: LogText[];
}

const asGatherError = (operation: string) => (err: unknown): GatherError =>
  err instanceof KubeError ? { kind: err.kind, message: err.message, operation } : { kind: 'error', message: (err as Error).message, operation };

/** The `spec.mirrors[]` entry of a resource for this mirror: by aliases (v1beta2 or v1), else the only one. */
function mirrorIndexOf(cr: KafkaMirrorMaker2Resource, m: MirrorConfig): number {
  const mirrors = cr.spec.mirrors ?? [];
  const i = mirrors.findIndex((x) => (x.sourceCluster ?? x.source?.alias) === m.source && (x.targetCluster ?? cr.spec.target?.alias ?? cr.spec.connectCluster) === m.target);
  return i >= 0 ? i : 0;
}

async function readPods(access: KubeAccess, namespace: string, name: string, window: PodLogWindow, timeoutMs: number): Promise<{ facts: Mm2PodsFacts; logs: LogText[] }> {
  const all = await listMm2Pods(access, namespace, name, timeoutMs);
  const pods = all.slice(0, MAX_PODS);
  const logs: LogText[] = [];
  const read = await mapLimit(pods, 4, async ({ readable, ...pod }): Promise<Mm2PodFacts> => {
    const instances = [...(readable.previous ? [true] : []), ...(readable.current ? [false] : [])];
    const reads = await Promise.all(
      instances.map((previous) =>
        timed(async (): Promise<PodLogRead & { text: string }> => {
          const r = await readPodLog(access, namespace, pod.name, pod.container, window, { previous, timeoutMs });
          return { container: pod.container, previous, bytes: r.bytes, lines: countLines(r.text), truncated: r.truncated, text: r.text };
        }, asGatherError(`GET pods/${pod.name}/log${previous ? '?previous=true' : ''}`)),
      ),
    );
    // The previous instance first: its end comes before the current one's start.
    for (const r of reads) {
      if (r.ok && r.value.text !== '') logs.push({ origin: `pod ${namespace}/${pod.name}${r.value.previous ? ' (previous container)' : ''}`, text: r.value.text, bytes: r.value.bytes, truncated: r.value.truncated });
    }
    return { ...pod, logs: reads.map((r) => (r.ok ? { ok: true as const, value: { container: r.value.container, previous: r.value.previous, bytes: r.value.bytes, lines: r.value.lines, truncated: r.value.truncated }, ms: r.ms } : r)) };
  });
  return { facts: { namespace, selector: mm2PodSelector(name), pods: read, skipped: all.length - pods.length }, logs };
}

/**
 * Reads the resource and, unless `logs: false`, its pods and their logs, in parallel. Undefined
 * when the mirror's resource is not in Kubernetes.
 */
export async function gatherStrimziLive(m: MirrorConfig, env: NodeJS.ProcessEnv | undefined, timeoutMs: number): Promise<LiveStrimzi | undefined> {
  const kube = m.strimzi?.kubernetes;
  if (!kube) return undefined;
  let access: KubeAccess;
  try {
    access = await kubeAccess(env);
  } catch (err) {
    const error = asGatherError('Kubernetes API')(err);
    return { resource: { ok: false, error, ms: 0 }, ...(kube.logs !== false && { pods: { ok: false, error, ms: 0 } }), logs: [] };
  }
  const window = kube.logs === false ? undefined : { ...DEFAULT_WINDOW, ...kube.logs };
  const [resource, pods] = await Promise.all([
    timed(async () => {
      const live = await readKafkaMirrorMaker2(access, kube.namespace, kube.name, timeoutMs);
      return { namespace: kube.namespace, name: kube.name, apiVersion: live.resource.apiVersion ?? '', mirrorIndex: mirrorIndexOf(live.resource, m), status: live.status, resource: live.resource };
    }, asGatherError('GET KafkaMirrorMaker2')),
    window ? timed(() => readPods(access, kube.namespace, kube.name, window, timeoutMs), asGatherError('list MM2 pods')) : Promise.resolve(undefined),
  ]);
  return {
    resource,
    ...(pods && { pods: pods.ok ? { ok: true as const, value: pods.value.facts, ms: pods.ms } : pods }),
    logs: pods?.ok ? pods.value.logs : [],
  };
}
