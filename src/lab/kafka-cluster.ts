/**
 * One single-node KRaft Kafka cluster on 127.0.0.1 (combined broker+controller), started from
 * Maven Central jars with plain `java -cp`. Static quorum (`controller.quorum.voters`) works the
 * same on 3.9 and 4.x (see shared/reference/kafka-lab.md §2.2).
 *
 * With `sasl` or `tls`, the cluster gets three listeners: INTERNAL (PLAINTEXT; the harness and
 * the MM2 Connect worker, principal ANONYMOUS = super user), CLIENT (SASL_PLAINTEXT/PLAIN, or SSL
 * with `ssl.client.auth`, for the code under test) and CONTROLLER, and the StandardAuthorizer
 * with `allow.everyone.if.no.acl.found=false`: ACLs are then real. A TLS client's principal is
 * `User:` and its certificate's subject (RFC 2253), e.g. `User:CN=mm2-doctor`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { JvmProcess, fileSize, waitForLog } from './jvm.ts';
import { freePorts } from './ports.ts';
import { writeLoggingConfig } from './logging.ts';
import type { Jars } from './jars.ts';
import type { LabCertificates } from './certs.ts';

export interface SaslOptions {
  /** user → password, all PLAIN users the CLIENT listener accepts. `admin` is a super user. */
  users: Record<string, string>;
}

export interface TlsListenerOptions {
  /** The listener's certificate and the CA it trusts for client certificates (src/lab/certs.ts). */
  certificates: LabCertificates;
  /** `ssl.client.auth` of the listener: `required` is mutual TLS. */
  clientAuth: 'required' | 'requested' | 'none';
}

export interface KafkaClusterOptions {
  alias: string;
  jars: Jars;
  labDir: string;
  ownerPid: number;
  sasl?: SaslOptions;
  tls?: TlsListenerOptions;
  /** Broker default 3000 ms; the lab uses 0 so consumer groups join at once. */
  groupInitialRebalanceDelayMs?: number;
  autoCreateTopics?: boolean;
  heapMb?: number;
  logLevels?: Record<string, string>;
}

export class KafkaCluster {
  private proc: JvmProcess | undefined;
  readonly dir: string;
  readonly logFile: string;
  private ports: { client: number; internal: number; controller: number } | undefined;

  constructor(readonly opts: KafkaClusterOptions) {
    this.dir = path.join(opts.labDir, 'kafka', opts.alias);
    this.logFile = path.join(opts.labDir, 'logs', `kafka-${opts.alias}.log`);
  }

  get alias(): string {
    return this.opts.alias;
  }

  /** What the code under test connects to (the SASL or TLS listener when one is set). */
  get bootstrap(): string {
    return `127.0.0.1:${this.requirePorts().client}`;
  }

  /** Unauthenticated super-user listener for the harness and the MM2 worker. */
  get internalBootstrap(): string {
    const p = this.requirePorts();
    return `127.0.0.1:${this.secured ? p.internal : p.client}`;
  }

  /** Whether the client listener authenticates (SASL or TLS), with the internal one beside it. */
  get secured(): boolean {
    return !!(this.opts.sasl || this.opts.tls);
  }

  get running(): boolean {
    return this.proc?.running ?? false;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  private requirePorts() {
    if (!this.ports) throw new Error(`cluster ${this.alias} has not been started`);
    return this.ports;
  }

  /** Formats storage (first start only) and starts the broker; resolves when it serves requests. */
  async start(): Promise<void> {
    if (this.running) return;
    const first = !this.ports;
    if (first) {
      const [client, internal, controller] = (await freePorts(3)) as [number, number, number];
      this.ports = { client, internal, controller };
      await fs.mkdir(path.join(this.dir, 'data'), { recursive: true });
      await fs.mkdir(path.dirname(this.logFile), { recursive: true });
      await fs.writeFile(this.propsFile, this.serverProperties());
    }
    const loggingOpts = await writeLoggingConfig(this.dir, this.opts.jars.version, this.opts.logLevels);
    if (first) await this.format(loggingOpts);
    const from = await fileSize(this.logFile);
    this.proc = await JvmProcess.start({
      name: `kafka-${this.alias}`,
      mainClass: 'kafka.Kafka',
      args: [this.propsFile],
      classpath: this.opts.jars.classpath,
      heapMb: this.opts.heapMb ?? 320,
      logFile: this.logFile,
      loggingOpts,
      labDir: this.opts.labDir,
      ownerPid: this.opts.ownerPid,
    });
    // BrokerServer enables request processing only once unfenced, right before this line.
    await waitForLog(this.logFile, /Kafka Server started/, {
      from,
      timeoutMs: 90_000,
      proc: this.proc,
      what: `Kafka cluster ${this.alias}`,
    });
  }

  release(): void {
    this.proc?.release();
  }

  async stop(): Promise<void> {
    await this.proc?.stop();
  }

  /** Simulates a crash: SIGKILL, no controlled shutdown. */
  kill(): void {
    this.proc?.kill();
  }

  private get propsFile(): string {
    return path.join(this.dir, 'server.properties');
  }

  private async format(loggingOpts: string[]): Promise<void> {
    let id = crypto.randomBytes(16).toString('base64url');
    while (id.startsWith('-')) id = crypto.randomBytes(16).toString('base64url'); // argparse would read it as a flag
    const p = await JvmProcess.start({
      name: `format-${this.alias}`,
      mainClass: 'kafka.tools.StorageTool',
      args: ['format', '-t', id, '-c', this.propsFile, '--ignore-formatted'],
      classpath: this.opts.jars.classpath,
      heapMb: 128,
      logFile: path.join(this.dir, 'format.log'),
      loggingOpts,
      labDir: this.opts.labDir,
      ownerPid: this.opts.ownerPid,
    });
    const code = await p.exited;
    if (code !== 0) {
      const out = await fs.readFile(path.join(this.dir, 'format.log'), 'utf8').catch(() => '');
      throw new Error(`formatting storage of cluster ${this.alias} failed (exit ${code}): ${out.trim().slice(-800)}`);
    }
  }

  private serverProperties(): string {
    const p = this.requirePorts();
    const { sasl, tls } = this.opts;
    if (sasl && tls) throw new Error(`cluster ${this.alias}: the lab's client listener is SASL or TLS, not both`);
    const lines = [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${p.controller}`,
      'controller.listener.names=CONTROLLER',
      `log.dirs=${path.join(this.dir, 'data')}`,
      'num.partitions=1',
      'default.replication.factor=1',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'transaction.state.log.num.partitions=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      `group.initial.rebalance.delay.ms=${this.opts.groupInitialRebalanceDelayMs ?? 0}`,
      `auto.create.topics.enable=${this.opts.autoCreateTopics ?? false}`,
      // KafkaClusterTestKit's footprint knobs: the cleaner's 128 MiB dedupe buffer would be half the heap.
      'log.cleaner.dedupe.buffer.size=2097152',
      'num.network.threads=2',
      'num.io.threads=2',
      'background.threads=2',
      'log.segment.bytes=8388608',
    ];
    const authorizer = [
      'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'allow.everyone.if.no.acl.found=false',
      // ANONYMOUS is the principal of the PLAINTEXT controller and internal listeners.
      'super.users=User:admin;User:ANONYMOUS',
    ];
    if (tls) {
      // File-based PEM stores (DefaultSslEngineFactory's FileBasedPemStore, Kafka 2.7+).
      lines.push(
        `listeners=INTERNAL://127.0.0.1:${p.internal},CLIENT://127.0.0.1:${p.client},CONTROLLER://127.0.0.1:${p.controller}`,
        `advertised.listeners=INTERNAL://127.0.0.1:${p.internal},CLIENT://127.0.0.1:${p.client}`,
        'listener.security.protocol.map=INTERNAL:PLAINTEXT,CLIENT:SSL,CONTROLLER:PLAINTEXT',
        'inter.broker.listener.name=INTERNAL',
        `listener.name.client.ssl.client.auth=${tls.clientAuth}`,
        'listener.name.client.ssl.keystore.type=PEM',
        `listener.name.client.ssl.keystore.location=${tls.certificates.brokerPem}`,
        'listener.name.client.ssl.truststore.type=PEM',
        `listener.name.client.ssl.truststore.location=${tls.certificates.ca}`,
        ...authorizer,
      );
    } else if (!sasl) {
      lines.push(
        `listeners=PLAINTEXT://127.0.0.1:${p.client},CONTROLLER://127.0.0.1:${p.controller}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${p.client}`,
        'inter.broker.listener.name=PLAINTEXT',
        'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      );
    } else {
      const users = Object.entries(sasl.users).map(([u, pw]) => `user_${u}="${pw}"`).join(' ');
      const admin = sasl.users.admin ?? 'admin-secret';
      lines.push(
        `listeners=INTERNAL://127.0.0.1:${p.internal},CLIENT://127.0.0.1:${p.client},CONTROLLER://127.0.0.1:${p.controller}`,
        `advertised.listeners=INTERNAL://127.0.0.1:${p.internal},CLIENT://127.0.0.1:${p.client}`,
        'listener.security.protocol.map=INTERNAL:PLAINTEXT,CLIENT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
        'inter.broker.listener.name=INTERNAL',
        'sasl.enabled.mechanisms=PLAIN',
        `listener.name.client.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${admin}" user_admin="${admin}" ${users};`,
        ...authorizer,
      );
    }
    return lines.join('\n') + '\n';
  }
}
