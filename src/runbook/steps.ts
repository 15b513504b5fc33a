/**
 * The troubleshooting steps, one typed table keyed by finding code. A missing code fails to
 * compile. Steps are data (text + an optional command) filled in from the finding's subject and
 * the runbook context; the seed case's four steps appear where they apply.
 */
import type { Finding, FindingCode } from '../model/finding.ts';
import { GROUPS_EXCLUDE_DEFAULT, GROUPS_INCLUDE_DEFAULT } from '../mm2/filters.ts';
import { parseList } from '../mm2/kafka-config.ts';
import * as cmd from './commands.ts';
import type { ClusterAccess, RunbookContext } from '../model/runbook-context.ts';

/** One step: what to do, and the command to do it with when there is one. */
export interface Step {
  text: string;
  command?: string;
}

type StepsFor = (f: Finding, ctx: RunbookContext) => Step[];

const step = (text: string, command?: string | null): Step => (command ? { text, command } : { text });

function setting(ctx: RunbookContext, key: string, fallback: string): string {
  return ctx.settings.values[key] ?? fallback;
}

/** Up to three group ids from the finding, for describe commands. */
function groupsOf(f: Finding): string[] {
  return (f.subject?.groups ?? []).slice(0, 3);
}

// --- The seed case's four steps -------------------------------------------------------------

/** Seed step 1: groups exist on the source and have committed offsets. */
function seedListGroups(ctx: RunbookContext, groups: string[]): Step[] {
  const out = [
    step(`List the consumer groups on ${ctx.source.alias}; without a group that commits offsets there is nothing to checkpoint`, cmd.listGroups(ctx.source)),
  ];
  if (groups.length === 0) {
    out.push(step('Describe them and look for CURRENT-OFFSET values on mirrored topics', cmd.describeAllGroups(ctx.source)));
  } else {
    for (const g of groups) out.push(step(`Describe group ${g}: CURRENT-OFFSET "-" means no committed offset`, cmd.describeGroup(ctx.source, g)));
  }
  return out;
}

/** Seed step 2: a hand-made checkpoints topic must have 1 partition and cleanup.policy=compact. */
function seedCheckpointsTopic(ctx: RunbookContext): Step[] {
  return [
    step(`Check that ${ctx.checkpointsTopic} on ${ctx.target.alias} has PartitionCount 1`, cmd.describeTopic(ctx.target, ctx.checkpointsTopic)),
    step(`Check that ${ctx.checkpointsTopic} has cleanup.policy=compact`, cmd.describeTopicConfigs(ctx.target, ctx.checkpointsTopic)),
  ];
}

/** Seed step 3: watch group activity over time. */
function seedWatchGroups(ctx: RunbookContext, groups: string[]): Step {
  const c = groups[0] ? cmd.describeGroup(ctx.source, groups[0]) : cmd.describeAllGroups(ctx.source);
  return step(`Re-run this every few minutes: committed offsets on ${ctx.source.alias} must appear and advance before checkpoints can`, c);
}

/** Seed step 4: network stability between the clusters. */
function seedNetwork(ctx: RunbookContext): Step[] {
  return [
    step(
      `Check network stability between ${ctx.source.alias} and ${ctx.target.alias} from where MM2 runs: frequent disconnects break offset syncs, group listing and checkpoint writes`,
    ),
    step(`Probe the source brokers from the MM2 host`, cmd.probeBrokers(ctx.source)),
    step(`Probe the target brokers from the MM2 host`, cmd.probeBrokers(ctx.target)),
  ];
}

// --- Changing a setting, per deployment -----------------------------------------------------

function changeSetting(ctx: RunbookContext, key: string, value: string, connector: 'checkpoint' | 'source' = 'checkpoint'): Step[] {
  const name = connector === 'checkpoint' ? ctx.checkpointConnector : ctx.sourceConnector;
  if (ctx.deployment === 'strimzi') {
    const field = cmd.strimziField(ctx, key, connector === 'checkpoint' ? 'checkpointConnector' : 'sourceConnector');
    const where = ctx.strimzi ? `KafkaMirrorMaker2 ${ctx.strimzi.name}` : 'the KafkaMirrorMaker2 resource';
    return [step(`In ${where}, set ${field} to ${value} (the operator reverts changes made through the Connect REST API)`, cmd.strimziCli(ctx, 'edit'))];
  }
  if (ctx.deployment === 'dedicated') {
    const scoped = key === 'enabled' ? `${ctx.source.alias}->${ctx.target.alias}.enabled` : `${ctx.source.alias}->${ctx.target.alias}.${key}`;
    return [step(`In the MirrorMaker 2 properties file, set ${scoped} = ${value} and restart MirrorMaker 2`)];
  }
  const path = cmd.connectorPath(name, '/config');
  const file = `${name.replace(/->/g, '-to-').replace(/[^A-Za-z0-9_.-]/g, '_')}.json`;
  return [
    step(`Save the config of ${name}, set "${key}": "${value}" in ${file}`, ctx.connectUrl ? `${cmd.connectGet(ctx, path)} > ${cmd.shq(file)}` : null),
    step(
      `PUT it back`,
      ctx.connectUrl ? `curl -s -X PUT -H 'Content-Type: application/json' --data @${cmd.shq(file)} ${cmd.shq(ctx.connectUrl + path)}` : null,
    ),
  ];
}

/** Java-regex literal for a group id (Pattern.quote is overkill for the usual `[A-Za-z0-9._-]` ids). */
function regexLiteral(name: string): string {
  return name.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** A concrete new value for a group filter setting that lets `groups` through. */
function filterFix(ctx: RunbookContext, key: string, pattern: string | undefined, groups: string[]): string {
  const isExclude = key.endsWith('.exclude') || key.endsWith('.blacklist');
  const current = ctx.settings.values[key] ?? (isExclude ? GROUPS_EXCLUDE_DEFAULT : GROUPS_INCLUDE_DEFAULT);
  const entries = parseList(current);
  if (isExclude) return entries.filter((p) => p !== pattern).join(', ');
  return [...entries, ...groups.map(regexLiteral)].join(', ');
}

function connectorStatus(ctx: RunbookContext, name = ctx.checkpointConnector): Step {
  return step(`Read the state and trace of ${name}`, cmd.connectGet(ctx, cmd.connectorPath(name, '/status')));
}

function restartConnector(ctx: RunbookContext, name = ctx.checkpointConnector): Step {
  if (ctx.deployment === 'strimzi') {
    return step(`Restart ${name} through the operator`, cmd.strimziCli(ctx, 'annotate', cmd.shq(`strimzi.io/restart-connector=${name}`)));
  }
  return step(`Restart ${name} and its failed tasks`, cmd.connectCall(ctx, 'POST', cmd.connectorPath(name, '/restart?includeTasks=true&onlyFailed=true')));
}

/** Where the MM2 worker's last run said why it stopped: the previous container log under Strimzi. */
function previousWorkerLog(ctx: RunbookContext): Step {
  if (ctx.strimzi) {
    const ns = ctx.strimzi.namespace ? ` -n ${cmd.shq(ctx.strimzi.namespace)}` : '';
    return step(
      `Read the end of the last run of the MM2 pods: the exception before "Uncaught exception in herder work thread" or "Stopping due to error" says what to fix`,
      `${ctx.strimzi.cli}${ns} logs -l ${cmd.shq(`strimzi.io/cluster=${ctx.strimzi.name},strimzi.io/kind=KafkaMirrorMaker2`)} --previous --tail=200`,
    );
  }
  return step(`Read the worker's log up to where it stopped: the exception before "Uncaught exception in herder work thread" or "Stopping due to error" says what to fix`);
}

/** Restarting the worker (or dedicated MirrorMaker 2) once the cause is fixed. */
function restartWorker(ctx: RunbookContext): Step {
  if (ctx.strimzi) {
    const ns = ctx.strimzi.namespace ? ` -n ${cmd.shq(ctx.strimzi.namespace)}` : '';
    return step(`Once fixed, let the operator start fresh MM2 pods`, `${ctx.strimzi.cli}${ns} delete pod -l ${cmd.shq(`strimzi.io/cluster=${ctx.strimzi.name},strimzi.io/kind=KafkaMirrorMaker2`)}`);
  }
  return step(ctx.deployment === 'dedicated' ? 'Once fixed, restart MirrorMaker 2 (connect-mirror-maker.sh)' : 'Once fixed, restart the Kafka Connect worker; the MM2 connectors start with it');
}

/** ACL steps for the groups and topics a finding names, on the cluster it names. */
function aclSteps(f: Finding, ctx: RunbookContext, who: string, fallback: 'source' | 'target'): Step[] {
  const c = cmd.clusterOf(ctx, f.subject?.cluster ?? fallback);
  return [
    ...groupsOf(f).map((g) => step(`Grant ${who} READ (and DESCRIBE) on consumer group ${g} on ${c.alias}; these are its current ACLs`, cmd.listAcls(c, '--group', g))),
    ...(f.subject?.topics ?? []).slice(0, 3).map((t) => step(`Grant ${who} READ, WRITE and DESCRIBE on topic ${t} on ${c.alias}; these are its current ACLs`, cmd.listAcls(c, '--topic', t))),
  ];
}

function checkpointLogHint(ctx: RunbookContext): Step {
  return step(`In the MM2 logs, look for "Started ${ctx.checkpointConnector} with N consumer groups." (3.9 logs it only after a successful group load)`);
}

/**
 * A cluster mm2-doctor did not reach. When its own config cannot produce a connection (`unusable`:
 * a secret reference that fails, key material it cannot use) nothing was sent, so probing brokers
 * or the network between the clusters would chase nothing: the fix is in mm2-doctor's config.
 */
function unreachable(f: Finding, ctx: RunbookContext, c: ClusterAccess): Step[] {
  if (f.subject?.unusable) {
    return [
      step(`Fix mm2-doctor's own config for ${c.alias} where the error points (file, line and key); MM2 and the cluster are not involved, and nothing was sent to ${c.bootstrap}`),
      step(`Check the config again without connecting (add the --config you diagnosed with)`, 'mm2-doctor check-config'),
    ];
  }
  return [
    step(`From where mm2-doctor runs, check that ${c.bootstrap} resolves and accepts connections, and that the client settings${c.commandConfig ? ` in ${c.commandConfig}` : ''} are right`, cmd.probeBrokers(c)),
    ...seedNetwork(ctx),
  ];
}

// --- The table ------------------------------------------------------------------------------

/** Steps per finding code; `satisfies` makes a missing code a compile error. */
export const STEPS = {
  'connect-worker-dead': (f, ctx) => [
    ...aclSteps(f, ctx, 'the principal the Connect worker authenticates as', 'target'),
    previousWorkerLog(ctx),
    restartWorker(ctx),
  ],
  'mm2-client-config-failed': (_f, ctx) => [
    step(
      ctx.strimzi
        ? `Check spec.clusters[] of KafkaMirrorMaker2 ${ctx.strimzi.name}: bootstrapServers, tls.trustedCertificates, authentication and the Secrets they name; all three MM2 connectors build their clients from them`
        : `Check the cluster settings all three MM2 connectors build their clients from (source.cluster.* / target.cluster.* in a connector config, or the per-cluster keys in mm2.properties): bootstrap servers, security.protocol, truststore/keystore files and passwords, SASL`,
      cmd.strimziCli(ctx, 'get', '-o yaml'),
    ),
    step(`Probe the source with the same client settings MM2 uses`, cmd.probeBrokers(ctx.source)),
    step(`Probe the target with the same client settings MM2 uses`, cmd.probeBrokers(ctx.target)),
    restartConnector(ctx, ctx.checkpointConnector),
  ],
  'mm2-not-authorized': (f, ctx) => {
    const acls = aclSteps(f, ctx, "MM2's principal", 'source');
    return [
      ...(acls.length > 0
        ? acls
        : [step(`Grant MM2's principal DESCRIBE and READ on the source consumer groups, READ on ${ctx.offsetSyncsTopic} and WRITE on ${ctx.checkpointsTopic}`, cmd.listAcls(ctx.target, '--topic', ctx.checkpointsTopic))]),
      restartConnector(ctx, ctx.checkpointConnector),
    ];
  },
  'source-connector-failed': (_f, ctx) => [
    connectorStatus(ctx, ctx.sourceConnector),
    step(`Offset syncs are written only while the source connector replicates; check whether ${ctx.offsetSyncsTopic} still grows`, cmd.getOffsets(cmd.clusterOf(ctx, ctx.offsetSyncsCluster), ctx.offsetSyncsTopic)),
    restartConnector(ctx, ctx.sourceConnector),
  ],
  'source-unreachable': (f, ctx) => unreachable(f, ctx, ctx.source),
  'target-unreachable': (f, ctx) => unreachable(f, ctx, ctx.target),
  'connect-unreachable': (_f, ctx) => {
    const out = [step(`Check that the Connect REST API answers`, cmd.connectGet(ctx, '/connectors'))];
    if (ctx.strimzi) {
      out.push(
        step(
          `Strimzi's NetworkPolicy ${ctx.strimzi.name}-mirrormaker2 admits only MM2 pods and the operator on port 8083; allow mm2-doctor with an extra NetworkPolicy, or port-forward for a one-off look`,
          `${ctx.strimzi.cli}${ctx.strimzi.namespace ? ` -n ${cmd.shq(ctx.strimzi.namespace)}` : ''} port-forward ${cmd.shq(`svc/${ctx.strimzi.name}-mirrormaker2-api`)} 8083:8083`,
        ),
      );
    }
    return out;
  },
  'not-authorized': (f, ctx) => {
    const c = cmd.clusterOf(ctx, f.subject?.cluster ?? 'source');
    const group = groupsOf(f)[0];
    // Each ACL the broker denied, as the command that grants it (README "The ACLs mm2-doctor needs").
    const grants = (f.subject?.acls ?? []).map((a) =>
      step(`Grant mm2-doctor ${a.operation} on ${a.resource === 'cluster' ? 'the cluster' : `${a.resource} ${a.name}`} of ${cmd.clusterOf(ctx, a.cluster).alias}`, cmd.addAcl(cmd.clusterOf(ctx, a.cluster), a)),
    );
    return [
      ...(grants.length > 0
        ? grants
        : [
            step(
              `Grant the principal mm2-doctor uses DESCRIBE on the consumer groups and topics of ${c.alias} (the full read-only set is in deploy/kafkauser.yaml); ListGroups silently omits groups it may not describe, even with DESCRIBE on the cluster`,
              group ? cmd.listAcls(c, '--group', group) : cmd.listAcls(c, '--group', '*'),
            ),
          ]),
      step(`Run the same listing with MM2's own client config: MM2 sees only the groups its principal may describe`, cmd.listGroups(ctx.source)),
    ];
  },
  'kubernetes-access-denied': (_f, ctx) => {
    const ns = ctx.strimzi?.namespace ?? 'kafka';
    const k = ctx.strimzi?.cli ?? 'kubectl';
    return [
      step(
        `Grant mm2-doctor's ServiceAccount the Role in deploy/rbac.yaml in namespace ${ns}: get on kafkamirrormaker2s.kafka.strimzi.io, get and list on pods, get on pods/log (bind it to the ServiceAccount's own namespace if the bot runs elsewhere)`,
        `${k} -n ${cmd.shq(ns)} apply -f deploy/rbac.yaml`,
      ),
      step(`Check what the ServiceAccount may read now`, `${k} -n ${cmd.shq(ns)} auth can-i get pods --subresource=log --as=${cmd.shq(`system:serviceaccount:${ns}:mm2-doctor`)}`),
    ];
  },
  'strimzi-ready-without-checkpoint-tasks': (f, ctx) => [
    step(
      `Read the tasks behind Strimzi's Ready: the operator marks the resource NotReady only when a connector itself FAILED`,
      cmd.strimziCli(ctx, 'get', `-o jsonpath=${cmd.shq('{range .status.connectors[*]}{.name}{": "}{.connector.state}{", tasks: "}{.tasks[*].state}{"\n"}{end}')}`),
    ),
    checkpointLogHint(ctx),
    ...seedListGroups(ctx, groupsOf(f)),
  ],
  'strimzi-spec-not-reconciled': (_f, ctx) => [
    step(`Read the resource's conditions: a paused reconciliation (strimzi.io/pause-reconciliation) or an error keeps the old configuration running`, cmd.strimziCli(ctx, 'get', `-o jsonpath=${cmd.shq('{.metadata.generation} {.status.observedGeneration} {.status.conditions}')}`)),
    // The operator often runs in its own namespace; its pods carry `name: strimzi-cluster-operator`
    // (packaging/install/cluster-operator/060-Deployment-strimzi-cluster-operator.yaml).
    step(`Find the Strimzi cluster operator, then read its log (kubectl logs deployment/strimzi-cluster-operator in that namespace) for this resource's reconciliation`, `${ctx.strimzi?.cli ?? 'kubectl'} get pods --all-namespaces -l name=strimzi-cluster-operator`),
  ],
  'checkpoint-connector-missing': (_f, ctx) => {
    if (ctx.deployment === 'strimzi') {
      return [
        step(
          `Add checkpointConnector: {} under ${cmd.mirrorPath(ctx)}: Strimzi creates the connector only when that field is present`,
          cmd.strimziCli(ctx, 'edit'),
        ),
      ];
    }
    return [
      step(`List the connectors on the worker`, cmd.connectGet(ctx, '/connectors')),
      step(
        `Create ${ctx.checkpointConnector} with the same source/target aliases, replication policy and offset-syncs location as ${ctx.sourceConnector}`,
        cmd.connectGet(ctx, cmd.connectorPath(ctx.sourceConnector, '/config')),
      ),
    ];
  },
  'checkpoint-connector-not-running': (f, ctx) => {
    const name = f.subject?.connector ?? ctx.checkpointConnector;
    const paused = f.evidence.some((e) => typeof e.value === 'string' && /^(paused|stopped)$/i.test(e.value));
    const out = [connectorStatus(ctx, name)];
    const resume = cmd.connectCall(ctx, 'PUT', cmd.connectorPath(name, '/resume'));
    const state = f.evidence.find((e) => e.label === 'connector state')?.value?.toString().toLowerCase() ?? 'paused';
    if (paused && ctx.deployment === 'strimzi' && (f.subject?.strimziPath || !f.evidence.some((e) => e.label === 'connector state'))) {
      // The resource asks for it (or, without Connect REST, is all we know): the fix is there.
      out.push(step(`Set ${f.subject?.strimziPath ?? `${cmd.mirrorPath(ctx)}.checkpointConnector.state`} to running`, cmd.strimziCli(ctx, 'edit')));
    } else if (paused && ctx.deployment === 'strimzi') {
      // Strimzi resumes a connector that is PAUSED while the resource does not ask for it when it next
      // reconciles the resource (AbstractConnectOperator: "PAUSED".equals(state) && !shouldPause →
      // resume); one that stays paused means the resource is not being reconciled.
      out.push(
        step(`The KafkaMirrorMaker2 does not ask for ${name} to be ${state}, so it was ${state} through Connect's REST API; Strimzi resumes it at its next reconciliation. If it stays ${state}, check that the resource is reconciled (no strimzi.io/pause-reconciliation annotation, the cluster operator running), or resume it now`, resume),
      );
    } else if (paused) {
      out.push(step(`Resume ${name}`, resume));
    } else {
      out.push(restartConnector(ctx, name));
    }
    return out;
  },
  'checkpoint-task-failed': (f, ctx) => {
    const name = f.subject?.connector ?? ctx.checkpointConnector;
    return [
      connectorStatus(ctx, name),
      step(`If the trace names the checkpoints topic, check WRITE and READ ACLs on ${ctx.checkpointsTopic} on ${ctx.target.alias}`, cmd.listAcls(ctx.target, '--topic', ctx.checkpointsTopic)),
      ...seedCheckpointsTopic(ctx),
      restartConnector(ctx, name),
    ];
  },
  'checkpoint-connector-no-tasks': (f, ctx) => [
    step(`Confirm the connector has no tasks; with no task, no group is checkpointed`, cmd.connectGet(ctx, cmd.connectorPath(f.subject?.connector ?? ctx.checkpointConnector, '/tasks'))),
    checkpointLogHint(ctx),
    ...seedListGroups(ctx, groupsOf(f)),
    step(
      `When groups qualify but tasks stay empty, wait refresh.groups.interval.seconds (${setting(ctx, 'refresh.groups.interval.seconds', '600')} s) or restart the connector; on Kafka 3.5–3.8 a timed-out initial group load leaves it without tasks until restarted (KAFKA-17232)`,
    ),
    restartConnector(ctx, f.subject?.connector ?? ctx.checkpointConnector),
  ],
  'flow-disabled': (_f, ctx) => changeSetting(ctx, 'enabled', 'true'),
  'checkpoints-disabled': (f, ctx) => {
    const key = f.subject?.setting ?? 'emit.checkpoints.enabled';
    const value = key === 'emit.checkpoints.interval.seconds' ? '60' : 'true';
    return changeSetting(ctx, key, value, key === 'emit.offset-syncs.enabled' ? 'source' : 'checkpoint');
  },
  'connector-config-mismatch': (f, ctx) => {
    const key = f.subject?.setting;
    return [
      step(`Compare the source connector's config`, cmd.connectGet(ctx, cmd.connectorPath(ctx.sourceConnector, '/config'))),
      step(`with the checkpoint connector's config`, cmd.connectGet(ctx, cmd.connectorPath(ctx.checkpointConnector, '/config'))),
      step(
        key
          ? `Give ${key} the same value on both connectors; the checkpoint task otherwise reads a different offset-syncs topic`
          : `Give replication.policy.class, replication.policy.separator, offset-syncs.topic.location and both cluster aliases the same values on both connectors`,
      ),
    ];
  },
  'no-consumer-groups': (f, ctx) => [
    ...seedListGroups(ctx, groupsOf(f)),
    seedWatchGroups(ctx, groupsOf(f)),
    checkpointLogHint(ctx),
    step(
      `Checkpoints start once a group commits offsets on a mirrored topic: it is picked up within refresh.groups.interval.seconds (${setting(ctx, 'refresh.groups.interval.seconds', '600')} s), then checkpointed every emit.checkpoints.interval.seconds (${setting(ctx, 'emit.checkpoints.interval.seconds', '60')} s)`,
    ),
  ],
  'groups-without-offsets': (f, ctx) => [
    ...seedListGroups(ctx, groupsOf(f)),
    step(`Make these consumers commit to Kafka (enable.auto.commit=true, or commitSync/commitAsync); offsets kept elsewhere are invisible to MM2`),
    seedWatchGroups(ctx, groupsOf(f)),
  ],
  'groups-excluded-by-filter': (f, ctx) => {
    const key = f.subject?.setting ?? 'groups.exclude';
    const value = filterFix(ctx, key, f.subject?.pattern, groupsOf(f));
    const out = [...seedListGroups(ctx, groupsOf(f))];
    if (ctx.deployment === 'strimzi') {
      const field = f.subject?.strimziPath ?? cmd.strimziField(ctx, key);
      out.push(
        step(
          `Set ${field} to "${value}" so the group passes; setting groupsExcludePattern replaces MM2's default exclude (${GROUPS_EXCLUDE_DEFAULT}) instead of adding to it`,
          cmd.strimziCli(ctx, 'edit'),
        ),
      );
    } else {
      out.push(...changeSetting(ctx, key, value));
    }
    return out;
  },
  'groups-on-unmirrored-topics': (f, ctx) => {
    const topic = f.subject?.topics?.[0];
    return [
      ...seedListGroups(ctx, groupsOf(f)),
      step(
        ctx.deployment === 'strimzi'
          ? `Mirror the topics these groups read by widening ${cmd.strimziField(ctx, 'topics')}, or accept that their offsets are not checkpointed`
          : `Mirror the topics these groups read by widening topics on both connectors, or accept that their offsets are not checkpointed`,
        ctx.deployment === 'strimzi' ? cmd.strimziCli(ctx, 'edit') : null,
      ),
      ...(topic ? [step(`Check ${topic} on ${ctx.source.alias}`, cmd.describeTopic(ctx.source, topic))] : []),
    ];
  },
  'groups-pending-refresh': (f, ctx) => {
    const out = [
      step(`See which groups each checkpoint task has (task.assigned.groups)`, cmd.connectGet(ctx, cmd.connectorPath(ctx.checkpointConnector, '/tasks'))),
    ];
    if (ctx.settings.values['refresh.groups.enabled'] === 'false') out.push(...changeSetting(ctx, 'refresh.groups.enabled', 'true'));
    else out.push(step(`New groups are found every refresh.groups.interval.seconds (${setting(ctx, 'refresh.groups.interval.seconds', '600')} s); wait that long, or restart the connector to pick them up now`));
    out.push(restartConnector(ctx));
    out.push(...seedListGroups(ctx, groupsOf(f)));
    return out;
  },
  'offset-syncs-missing': (_f, ctx) => {
    const c = cmd.clusterOf(ctx, ctx.offsetSyncsCluster);
    return [
      step(`Look for ${ctx.offsetSyncsTopic} on ${c.alias}`, cmd.describeTopic(c, ctx.offsetSyncsTopic)),
      step(`List the offset-syncs topics that do exist; another name points at an alias or separator mismatch`, `${cmd.listTopics(c)} | grep offset-syncs`),
      connectorStatus(ctx, ctx.sourceConnector),
    ];
  },
  'offset-syncs-empty': (_f, ctx) => {
    const c = cmd.clusterOf(ctx, ctx.offsetSyncsCluster);
    return [
      connectorStatus(ctx, ctx.sourceConnector),
      step(`Check whether ${ctx.offsetSyncsTopic} receives records`, cmd.getOffsets(c, ctx.offsetSyncsTopic)),
      step(`Offset syncs are written only after records are replicated; check that the mirrored topics receive data on ${ctx.target.alias}`, cmd.listTopics(ctx.target)),
      ...seedNetwork(ctx).slice(0, 1),
    ];
  },
  'offset-syncs-topic-misconfigured': (_f, ctx) => {
    const c = cmd.clusterOf(ctx, ctx.offsetSyncsCluster);
    return [
      step(`Check ${ctx.offsetSyncsTopic}: MM2 creates it with 1 partition and cleanup.policy=compact`, cmd.describeTopicConfigs(c, ctx.offsetSyncsTopic)),
      step(`Switch it to compaction so the latest sync per partition is never deleted`, cmd.alterTopicConfig(c, ctx.offsetSyncsTopic, 'cleanup.policy=compact')),
    ];
  },
  'offset-syncs-topic-name-mismatch': (f, ctx) => {
    const c = cmd.clusterOf(ctx, f.subject?.cluster ?? ctx.offsetSyncsCluster);
    return [
      step(`List the offset-syncs topics on ${c.alias}`, `${cmd.listTopics(c)} | grep offset-syncs`),
      step(
        `A name other than ${ctx.offsetSyncsTopic} means a connector uses other aliases, separator or offset-syncs.topic.location; target.cluster.alias defaults to "target" when unset`,
        cmd.connectGet(ctx, cmd.connectorPath(ctx.sourceConnector, '/config')),
      ),
    ];
  },
  'translation-impossible': (f, ctx) => {
    const c = cmd.clusterOf(ctx, ctx.offsetSyncsCluster);
    return [
      step(`Show the offset syncs MM2 can translate with`, cmd.consumeFormatted(c, ctx.offsetSyncsTopic, 'OffsetSyncFormatter')),
      ...groupsOf(f).map((g) => step(`Compare with the committed offsets of ${g}`, cmd.describeGroup(ctx.source, g))),
      step(`A group whose committed offset is older than every sync gets a checkpoint only after it consumes past a sync; an idle group never does`),
      seedWatchGroups(ctx, groupsOf(f)),
    ];
  },
  'checkpoints-topic-missing': (_f, ctx) => {
    const rf = Number(setting(ctx, 'checkpoints.topic.replication.factor', '3'));
    const usable = ctx.target.brokers === null ? rf : Math.min(rf, ctx.target.brokers);
    return [
      step(`Confirm ${ctx.checkpointsTopic} is missing on ${ctx.target.alias}`, cmd.describeTopic(ctx.target, ctx.checkpointsTopic)),
      step(
        `MM2 creates it at connector start with replication factor checkpoints.topic.replication.factor (${rf}); that fails when ${ctx.target.alias} has fewer brokers or mm2 may not CREATE topics. Look for "Created topic" or "creating internal topics" in the MM2 logs`,
      ),
      step(`Or create it as MM2 would`, cmd.createCompactedTopic(ctx.target, ctx.checkpointsTopic, usable)),
    ];
  },
  'checkpoints-topic-misconfigured': (_f, ctx) => [
    ...seedCheckpointsTopic(ctx),
    step(`Fix the cleanup policy (idle groups' checkpoints otherwise expire and are not re-emitted)`, cmd.alterTopicConfig(ctx.target, ctx.checkpointsTopic, 'cleanup.policy=compact')),
    step(`Partitions cannot be reduced; MM2 only uses partition 0, so extra partitions are harmless but may confuse readers. To match MM2, stop the checkpoint connector and recreate the topic`, cmd.deleteTopic(ctx.target, ctx.checkpointsTopic)),
    step(`then`, cmd.createCompactedTopic(ctx.target, ctx.checkpointsTopic, ctx.target.brokers === null ? 3 : Math.min(3, ctx.target.brokers))),
  ],
  'checkpoints-topic-auto-created': (_f, ctx) => {
    const brokers = ctx.target.brokers ?? 1;
    return [
      ...seedCheckpointsTopic(ctx),
      ...changeSetting(ctx, 'checkpoints.topic.replication.factor', String(Math.min(3, brokers))),
      step(`Then recreate ${ctx.checkpointsTopic} as MM2 creates it (stop the checkpoint connector first)`, cmd.deleteTopic(ctx.target, ctx.checkpointsTopic)),
      step(`then`, cmd.createCompactedTopic(ctx.target, ctx.checkpointsTopic, Math.min(3, brokers))),
    ];
  },
  'checkpoints-topic-name-mismatch': (f, ctx) => [
    step(`List checkpoints topics on ${ctx.target.alias}; MM2 writes to ${ctx.checkpointsTopic}`, `${cmd.listTopics(ctx.target)} | grep checkpoints`),
    ...(f.subject?.topics?.[0] ? [step(`Inspect ${f.subject.topics[0]}; a hand-made topic with another name is never written`, cmd.getOffsets(ctx.target, f.subject.topics[0]))] : []),
    ...seedCheckpointsTopic(ctx),
  ],
  'checkpoints-converter-mismatch': (_f, ctx) => [
    step(`Look at the records; MM2's CheckpointFormatter fails on JSON-converted ones`, cmd.consumeFormatted(ctx.target, ctx.checkpointsTopic, 'CheckpointFormatter')),
    ...changeSetting(ctx, 'value.converter', 'org.apache.kafka.connect.converters.ByteArrayConverter'),
    step(`Set key.converter to org.apache.kafka.connect.converters.ByteArrayConverter the same way (dedicated MM2 and Strimzi do this already)`),
  ],
  'checkpoints-pending': (_f, ctx) => [
    step(`Nothing to fix yet: MM2 writes the first checkpoint of a newly committed group one emit interval after its checkpoint task is given the group. Diagnose again in a minute`),
    step(`Watch for the first checkpoint`, cmd.consumeFormatted(ctx.target, ctx.checkpointsTopic, 'CheckpointFormatter')),
    step(`If none comes, see whether the checkpoint tasks were given the group (task.assigned.groups)`, cmd.connectGet(ctx, cmd.connectorPath(ctx.checkpointConnector, '/tasks'))),
  ],
  'checkpoints-not-emitted': (f, ctx) => {
    const c = cmd.clusterOf(ctx, ctx.offsetSyncsCluster);
    return [
      connectorStatus(ctx),
      step(`Confirm the tasks were assigned the groups (task.assigned.groups)`, cmd.connectGet(ctx, cmd.connectorPath(ctx.checkpointConnector, '/tasks'))),
      step(
        `In the MM2 logs, look for "Finished reading KafkaBasedLog for topic ${ctx.offsetSyncsTopic}", and for "Error polling", "failed to send record to ${ctx.checkpointsTopic}" or "Failure polling consumer state for checkpoints"`,
      ),
      step(`Check MM2's READ on ${ctx.offsetSyncsTopic} on ${c.alias}`, cmd.listAcls(c, '--topic', ctx.offsetSyncsTopic)),
      step(`Check MM2's WRITE on ${ctx.checkpointsTopic} on ${ctx.target.alias}`, cmd.listAcls(ctx.target, '--topic', ctx.checkpointsTopic)),
      ...groupsOf(f).map((g) => step(`Compare with the committed offsets of ${g}`, cmd.describeGroup(ctx.source, g))),
    ];
  },
  'checkpoints-stale': (f, ctx) => [
    step(`Show the newest checkpoints`, cmd.consumeFormatted(ctx.target, ctx.checkpointsTopic, 'CheckpointFormatter')),
    ...groupsOf(f).map((g) => step(`Compare with the committed offsets of ${g}`, cmd.describeGroup(ctx.source, g))),
    connectorStatus(ctx),
    ...seedNetwork(ctx),
  ],
  'known-mm2-bug': (f, ctx) => [
    step(`Upgrade MirrorMaker 2 (the Kafka release its Connect workers run) to ${f.subject?.setting ?? 'the fixed release the finding names'} or later${f.subject?.pattern ? ` (${f.subject.pattern})` : ''}`),
    ...(ctx.deployment === 'strimzi' ? [step(`In the KafkaMirrorMaker2, spec.version selects the Kafka release MM2 runs (within what the Strimzi operator supports)`, cmd.strimziCli(ctx, 'edit'))] : []),
    connectorStatus(ctx),
  ],
  'replication-catching-up': (f, ctx) => [
    step(`Nothing to fix yet: MM2 is still replicating or loading its offset syncs. Diagnose again in a few minutes; the finding goes away once MM2 has caught up`),
    step(`Watch the remote topics fill up on ${ctx.target.alias}`, cmd.getOffsets(ctx.target, f.subject?.topics?.[0] ?? ctx.checkpointsTopic)),
    step(`If it does not go away, read the source connector's state`, cmd.connectGet(ctx, cmd.connectorPath(ctx.sourceConnector, '/status'))),
  ],
  'translation-coarse': (_f, ctx) => [
    step(`Nothing is broken: MM2 writes an offset sync only every offset.lag.max records (${ctx.settings.values['offset.lag.max'] ?? '100'}) and translates to just past it, so a consumer that fails over re-reads up to that many records per partition`),
    ...changeSetting(ctx, 'offset.lag.max', '0', 'source'),
    step(`offset.lag.max = 0 writes a sync for every replicated record: exact translation, at the cost of one more write per record to ${ctx.offsetSyncsTopic}. A value such as 10 is a middle ground`),
  ],
  'target-sync-disabled': (f, ctx) => [
    step(`Without sync.group.offsets.enabled a failed-over consumer finds no committed offsets on ${ctx.target.alias} and starts at auto.offset.reset, unless it translates them itself: RemoteClusterUtils.translateOffsets (connect-mirror-client) reads ${ctx.checkpointsTopic}`),
    step(`Show the checkpoints a failover would translate with (mm2-doctor failover ${ctx.source.alias} lists them per partition)`, cmd.consumeFormatted(ctx.target, ctx.checkpointsTopic, 'CheckpointFormatter')),
    step(`Or, before the consumers start on ${ctx.target.alias}, set each partition of ${groupsOf(f).join(', ') || 'the group'} to its checkpoint's downstream offset with kafka-consumer-groups.sh --reset-offsets --to-offset (the group must have no member)`),
    ...changeSetting(ctx, 'sync.group.offsets.enabled', 'true'),
  ],
  'target-group-active': (f, ctx) => [
    ...groupsOf(f).map((g) => step(`See who consumes as ${g} on ${ctx.target.alias} (CONSUMER-ID, HOST, CLIENT-ID)`, cmd.describeGroup(ctx.target, g))),
    step(`MM2 writes the offsets of a group only while it has no member on ${ctx.target.alias}; the broker refuses its commit otherwise (MM2 logs "Unable to sync offsets for consumer group … consumers currently using this group"). Stop those consumers, or give them another group id, if the target group is meant to follow the source`),
  ],
  'target-sync-not-authorized': (f, ctx) => [
    ...groupsOf(f).map((g) => step(`List the ACLs of group ${g} on ${ctx.target.alias}: the principal MM2 uses for the target needs READ on the group`, cmd.listAcls(ctx.target, '--group', g))),
    ...(f.subject?.topics ?? []).slice(0, 3).map((t) => step(`and READ on ${t}`, cmd.listAcls(ctx.target, '--topic', t))),
    step(`A commit needs READ on the group and READ on each topic (OffsetCommit, Kafka's authorization table); DESCRIBE alone only lets MM2 look`),
  ],
  'target-offsets-ahead': (f, ctx) => [
    ...groupsOf(f).map((g) => step(`Compare ${g}'s offsets on ${ctx.target.alias} with its checkpoints`, cmd.describeGroup(ctx.target, g))),
    step(`Show the checkpoints`, cmd.consumeFormatted(ctx.target, ctx.checkpointsTopic, 'CheckpointFormatter')),
    step(`MM2 only moves a target offset forward: it stays ahead until the source group passes it. If the target offsets are leftovers (an earlier failover or test), reset them while the group has no member, and MM2 writes the checkpoints again at its next sync`),
  ],
  'target-offsets-stale': (f, ctx) => [
    ...groupsOf(f).map((g) => step(`See ${g}'s offsets on ${ctx.target.alias}`, cmd.describeGroup(ctx.target, g))),
    step(`In the MM2 logs, look for "sync idle consumer group offset from source to target took" (the sync runs), "Unable to sync offsets for consumer group" and "Error querying for consumer group"`),
    step(`Check that MM2's target principal may commit: READ on the group and its topics`, cmd.listAcls(ctx.target, '--group', groupsOf(f)[0] ?? ctx.checkpointConnector)),
    connectorStatus(ctx),
  ],
  'network-instability': (_f, ctx) => seedNetwork(ctx),
  'log-red-herring': () => [step(`No action for checkpoints: this log line does not come from the checkpoint path`)],
  'checkpoints-flowing': (_f, ctx) => [step(`No action. To watch checkpoints`, cmd.consumeFormatted(ctx.target, ctx.checkpointsTopic, 'CheckpointFormatter'))],
} satisfies Record<FindingCode, StepsFor>;

/** The filled-in steps for one finding. */
export function stepsFor(finding: Finding, ctx: RunbookContext): Step[] {
  const build: StepsFor = STEPS[finding.code];
  return build(finding, ctx);
}
