/**
 * The Kubernetes package (deploy/): `kubectl kustomize` renders it, the Role grants exactly what a
 * diagnosis reads (RBAC_RULES), the Deployment runs two coordinated replicas as a non-root user on
 * a read-only root filesystem with probes on the health endpoints and every secret by reference,
 * the ConfigMap's config loads, and the alert rules and the dashboard's queries pass promtool
 * (`check rules` on the PrometheusRule's `.spec`, `test rules` on the alerts' timing). kubectl and
 * promtool are required: `.ci/run` installs them (Debian's `kubernetes-client` and `prometheus`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../src/config-sections.ts';
import { RBAC_RULES } from '../../src/gather/kubernetes.ts';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';

const DEPLOY = path.join(PROJECT_ROOT, 'deploy');

function tool(name: string, args: string[], cwd = DEPLOY): { stdout: string; stderr: string } {
  const r = spawnSync(name, args, { cwd, encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${name} is not installed; it is required by the deploy tests (Debian: ${name === 'kubectl' ? 'kubernetes-client' : 'prometheus'}; .ci/run installs it)`);
  }
  if (r.status !== 0) throw new Error(`${name} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

type Doc = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const render = (dir: string): Doc[] => YAML.parseAllDocuments(tool('kubectl', ['kustomize', dir]).stdout).map((d) => d.toJSON() as Doc);

function tmp(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm2-deploy-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('kubectl kustomize deploy/', () => {
  const docs = render('.');
  const of = (kind: string) => docs.filter((d) => d.kind === kind);
  const deployment = of('Deployment')[0]!;
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('renders the bot: ServiceAccount, Role, RoleBinding, ConfigMap, Deployment, PodDisruptionBudget, in one namespace', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'ServiceAccount']);
    expect(new Set(docs.map((d) => d.metadata.namespace))).toEqual(new Set(['kafka']));
    // The KafkaUser (the bot's ACLs) is added where the least-privilege work lands; nothing else here.
  });

  it('the Role grants exactly the reads a diagnosis makes (RBAC_RULES), bound to the pods\' ServiceAccount', () => {
    const role = of('Role')[0]!;
    expect(role.rules).toEqual(Object.values(RBAC_RULES).map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })));
    const binding = of('RoleBinding')[0]!;
    expect(binding.roleRef).toMatchObject({ kind: 'Role', name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: pod.serviceAccountName, namespace: deployment.metadata.namespace }]);
    expect(of('ServiceAccount').map((s) => s.metadata.name)).toEqual([pod.serviceAccountName]);
  });

  it('two replicas with coordination on, the config from the generated ConfigMap, which loads', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    const cm = of('ConfigMap')[0]!;
    expect(pod.volumes.find((v: Doc) => v.name === 'config').configMap.name).toBe(cm.metadata.name);
    const mount = container.volumeMounts.find((m: Doc) => m.name === 'config').mountPath as string;
    const configArg = container.args[container.args.indexOf('--config') + 1] as string;
    expect(path.dirname(configArg)).toBe(mount);
    const text = cm.data[path.basename(configArg)] as string;
    const loaded = parseAppConfig(text, configArg);
    expect(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors)).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.config.coordination).toBeDefined();
    expect(container.args).toEqual(expect.arrayContaining(['serve', '--log-format', 'json']));
    // The state dir is a writable volume (the root filesystem is read-only).
    const stateDir = (loaded.config as { slack?: { stateDir?: string } }).slack?.stateDir;
    expect(container.volumeMounts.map((m: Doc) => m.mountPath)).toEqual(expect.arrayContaining([stateDir, '/tmp']));
  });

  it('probes the health endpoints on the configured health port; non-root, read-only root filesystem, no privileges', () => {
    const cm = of('ConfigMap')[0]!;
    const cfg = YAML.parse(Object.values(cm.data as Record<string, string>)[0]!) as { slack: { healthPort: number } };
    const health = container.ports.find((p: Doc) => p.name === container.livenessProbe.httpGet.port);
    expect(health.containerPort).toBe(cfg.slack.healthPort);
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    // Requests from the measured RSS (~92 MB idle), a limit above the measured peaks.
    expect(container.resources.requests.memory).toBe('128Mi');
    expect(container.resources.limits.memory).toBe('384Mi');
  });

  it('secrets by reference only: every { env: NAME } in the config is a secretKeyRef in the Deployment', () => {
    const cm = of('ConfigMap')[0]!;
    const text = Object.values(cm.data as Record<string, string>)[0]!;
    const names: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.env === 'string' && Object.keys(o).length === 1) names.push(o.env);
        else Object.values(o).forEach(walk);
      }
    };
    walk(YAML.parse(text));
    expect(names.length).toBeGreaterThan(0);
    const env = new Map<string, Doc>(container.env.map((e: Doc) => [e.name, e]));
    for (const n of [...names, 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']) expect(env.get(n)?.valueFrom?.secretKeyRef, n).toBeDefined();
    for (const e of env.values()) expect(e.value, `${e.name} has an inline value`).toBeUndefined();
  });
});

describe('the README\'s "Deploy on Kubernetes" commands', () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.split('## Deploy on Kubernetes')[1]!.split('\n## ')[0]!;
  const commands = /```sh\n([\s\S]*?)```/.exec(section)![1]!.trim().split('\n');

  it('are three, and run as far as a machine without a cluster allows: the Secrets they create are the ones the Deployment references, and the package renders', () => {
    expect(commands).toHaveLength(3);
    const deployment = render('.').find((d) => d.kind === 'Deployment')!;
    const refs = new Set<string>(deployment.spec.template.spec.containers[0].env.map((e: Doc) => `${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`));
    const created = new Set<string>();
    for (const c of commands) {
      const argv = c.replace(/^kubectl /, '').split(/\s+/);
      if (argv.includes('apply')) {
        expect(argv).toEqual(['apply', '-k', 'deploy/']);
        continue; // needs a cluster; `kubectl kustomize deploy/` above is what it applies
      }
      const secret = YAML.parse(tool('kubectl', [...argv, '--dry-run=client', '-o', 'yaml'], PROJECT_ROOT).stdout) as Doc;
      for (const k of Object.keys(secret.data as object)) created.add(`${secret.metadata.name}/${k}`);
    }
    expect(created).toEqual(refs);
  });
});

describe('monitoring', () => {
  const rule = YAML.parse(fs.readFileSync(path.join(DEPLOY, 'monitoring/prometheus-rule.yaml'), 'utf8')) as Doc;
  const rulesFile = tmp('rules.yaml', YAML.stringify(rule.spec));

  it('kubectl kustomize deploy/monitoring/ renders the PrometheusRule and the PodMonitor', () => {
    expect(render('monitoring').map((d) => d.kind).sort()).toEqual(['PodMonitor', 'PrometheusRule']);
  });

  it('promtool check rules passes on the PrometheusRule\'s rule groups (.spec)', () => {
    expect(tool('promtool', ['check', 'rules', rulesFile]).stdout).toContain('SUCCESS: 3 rules found');
  });

  it('promtool test rules: critical fires after 10 minutes, not before; a checkpoint older than 3 intervals fires; ok stays quiet', () => {
    const m = 'svl->confluent';
    const test = {
      rule_files: [rulesFile],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            { series: `mm2doctor_mirror_verdict{mirror="${m}",verdict="critical",pod="a"}`, values: '1x20' },
            { series: `mm2doctor_mirror_verdict{mirror="${m}",verdict="critical",pod="b"}`, values: '1x20' },
            { series: 'mm2doctor_mirror_verdict{mirror="dc2->confluent",verdict="critical",pod="a"}', values: '0x20' },
            { series: `mm2doctor_mirror_newest_checkpoint_age_seconds{mirror="${m}",pod="a"}`, values: '100+60x20' },
            { series: `mm2doctor_mirror_checkpoint_interval_seconds{mirror="${m}",pod="a"}`, values: '60x20' },
            { series: 'up{job="kafka/mm2-doctor",pod="a"}', values: '1x20' },
          ],
          alert_rule_test: [
            { eval_time: '9m', alertname: 'MirrorMaker2CheckpointingCritical', exp_alerts: [] },
            {
              eval_time: '10m',
              alertname: 'MirrorMaker2CheckpointingCritical',
              exp_alerts: [{ exp_labels: { severity: 'major', mirror: m }, exp_annotations: { summary: `MirrorMaker 2 mirror ${m} has been critical for 10 minutes`, description: `mm2-doctor has diagnosed ${m} as critical for 10 minutes; root cause in mm2doctor_mirror_root_cause. Ask in Slack: /mm2 diagnose ${m}` } }],
            },
            // Age passes 3 × 60 s after 2 minutes, then must stay so for 5 minutes.
            { eval_time: '6m', alertname: 'MirrorMaker2CheckpointsStale', exp_alerts: [] },
            {
              eval_time: '7m',
              alertname: 'MirrorMaker2CheckpointsStale',
              exp_alerts: [{ exp_labels: { severity: 'warning', mirror: m }, exp_annotations: { summary: `MirrorMaker 2 mirror ${m}: newest checkpoint older than 3 intervals`, description: `The newest checkpoint of ${m} is 8m 40s old, more than 3 checkpoint intervals: consumer groups will re-read after a failover` } }],
            },
            { eval_time: '10m', alertname: 'MM2DoctorDown', exp_alerts: [] },
          ],
        },
      ],
    };
    const file = tmp('rules.test.yaml', YAML.stringify(test));
    expect(tool('promtool', ['test', 'rules', file]).stdout).toContain('SUCCESS');
  });

  it('every query of the Grafana dashboard is valid PromQL (checked by promtool as recording rules)', () => {
    const dash = JSON.parse(fs.readFileSync(path.join(DEPLOY, 'grafana/mm2-doctor-dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const exprs = dash.panels.flatMap((p) => p.targets.map((t) => t.expr.replaceAll('$mirror', '.*')));
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    const file = tmp('dashboard-rules.yaml', YAML.stringify({ groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({ record: `dashboard:query_${i}`, expr })) }] }));
    expect(tool('promtool', ['check', 'rules', file]).stdout).toContain(`SUCCESS: ${exprs.length} rules found`);
  });
});
