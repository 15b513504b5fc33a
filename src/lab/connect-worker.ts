/**
 * One Kafka Connect distributed worker attached to the mirror's TARGET cluster, as Strimzi runs
 * KafkaMirrorMaker2: worker group `mirrormaker2-cluster`, internal topics `mirrormaker2-cluster-*`,
 * ByteArrayConverter for key, value and header (Strimzi's KafkaMirrorMaker2Configuration defaults).
 * Short flush and rebalance intervals keep tests fast.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { JvmProcess, fileSize, waitForLog } from './jvm.ts';
import { freePort } from './ports.ts';
import { writeLoggingConfig } from './logging.ts';
import type { Jars } from './jars.ts';

export interface ConnectWorkerOptions {
  jars: Jars;
  labDir: string;
  ownerPid: number;
  /** Bootstrap of the target cluster (unauthenticated listener). */
  targetBootstrap: string;
  heapMb?: number;
  logLevels?: Record<string, string>;
}

export interface ConnectorStatus {
  name: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: { id: number; state: string; worker_id: string; trace?: string }[];
  type?: string;
}

export class ConnectWorker {
  private proc: JvmProcess | undefined;
  private port: number | undefined;
  readonly dir: string;
  readonly logFile: string;

  constructor(readonly opts: ConnectWorkerOptions) {
    this.dir = path.join(opts.labDir, 'connect');
    this.logFile = path.join(opts.labDir, 'logs', 'connect.log');
  }

  get url(): string {
    if (!this.port) throw new Error('the Connect worker has not been started');
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.proc?.running ?? false;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.port ??= await freePort();
    await fs.mkdir(this.dir, { recursive: true });
    await fs.mkdir(path.dirname(this.logFile), { recursive: true });
    const props = path.join(this.dir, 'worker.properties');
    await fs.writeFile(props, this.workerProperties());
    const loggingOpts = await writeLoggingConfig(this.dir, this.opts.jars.version, this.opts.logLevels);
    const from = await fileSize(this.logFile);
    this.proc = await JvmProcess.start({
      name: 'connect',
      mainClass: 'org.apache.kafka.connect.cli.ConnectDistributed',
      args: [props],
      classpath: this.opts.jars.classpath,
      heapMb: this.opts.heapMb ?? 512,
      logFile: this.logFile,
      loggingOpts,
      labDir: this.opts.labDir,
      ownerPid: this.opts.ownerPid,
    });
    await waitForLog(this.logFile, /Kafka Connect started/, { from, timeoutMs: 120_000, proc: this.proc, what: 'Kafka Connect worker' });
    // The herder may still be joining its group; the REST API answers 200 once it can serve.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await fetch(`${this.url}/connectors`).catch(() => undefined);
      if (res?.ok) return;
      if (Date.now() > deadline) throw new Error(`Kafka Connect REST at ${this.url} did not answer 200 within 60 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  release(): void {
    this.proc?.release();
  }

  async stop(): Promise<void> {
    await this.proc?.stop(30_000);
  }

  private workerProperties(): string {
    return [
      `bootstrap.servers=${this.opts.targetBootstrap}`,
      'group.id=mirrormaker2-cluster',
      'offset.storage.topic=mirrormaker2-cluster-offsets',
      'config.storage.topic=mirrormaker2-cluster-configs',
      'status.storage.topic=mirrormaker2-cluster-status',
      'offset.storage.replication.factor=1',
      'config.storage.replication.factor=1',
      'status.storage.replication.factor=1',
      'offset.storage.partitions=5',
      'status.storage.partitions=1',
      'key.converter=org.apache.kafka.connect.converters.ByteArrayConverter',
      'value.converter=org.apache.kafka.connect.converters.ByteArrayConverter',
      'header.converter=org.apache.kafka.connect.converters.ByteArrayConverter',
      'config.providers=file',
      'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
      // MM2 writes delayed offset syncs on the task's commit, i.e. every flush (KAFKA-15906).
      'offset.flush.interval.ms=1000',
      `listeners=http://127.0.0.1:${this.port}`,
      'rest.advertised.host.name=127.0.0.1',
      `rest.advertised.port=${this.port}`,
      // Plugins are on the classpath with ServiceLoader manifests: skip the reflective scan (KIP-898).
      'plugin.discovery=service_load',
      'scheduled.rebalance.max.delay.ms=1000',
      'task.shutdown.graceful.timeout.ms=3000',
    ].join('\n') + '\n';
  }

  get rest(): ConnectRest {
    return new ConnectRest(this.url);
  }
}

/** Kafka Connect's REST API, as the Strimzi operator drives it (PUT config, pause, resume, delete). */
export class ConnectRest {
  constructor(readonly url: string) {}

  async request(method: string, p: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    // Connect answers 409 while it rebalances; retry a few times like the Strimzi operator does.
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.url}${p}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 409 && attempt < 40) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      let json: unknown = text;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      return { status: res.status, json };
    }
  }

  private async ok(method: string, p: string, body?: unknown): Promise<unknown> {
    const r = await this.request(method, p, body);
    if (r.status >= 300) throw new Error(`Connect REST ${method} ${p} answered ${r.status}: ${JSON.stringify(r.json)}`);
    return r.json;
  }

  putConnector(name: string, config: Record<string, string>): Promise<unknown> {
    return this.ok('PUT', `/connectors/${encodeURIComponent(name)}/config`, config);
  }

  async status(name: string): Promise<ConnectorStatus | undefined> {
    const r = await this.request('GET', `/connectors/${encodeURIComponent(name)}/status`);
    if (r.status === 404) return undefined;
    if (r.status >= 300) throw new Error(`Connect REST status of ${name} answered ${r.status}`);
    return r.json as ConnectorStatus;
  }

  async tasks(name: string): Promise<{ id: { connector: string; task: number }; config: Record<string, string> }[]> {
    return (await this.ok('GET', `/connectors/${encodeURIComponent(name)}/tasks`)) as never;
  }

  pause(name: string): Promise<unknown> {
    return this.ok('PUT', `/connectors/${encodeURIComponent(name)}/pause`);
  }

  resume(name: string): Promise<unknown> {
    return this.ok('PUT', `/connectors/${encodeURIComponent(name)}/resume`);
  }

  async deleteConnector(name: string): Promise<void> {
    const r = await this.request('DELETE', `/connectors/${encodeURIComponent(name)}`);
    if (r.status >= 300 && r.status !== 404) throw new Error(`Connect REST DELETE ${name} answered ${r.status}`);
  }

  async connectors(): Promise<string[]> {
    return (await this.ok('GET', '/connectors')) as string[];
  }

  /** Polls the connector's status until `pred` holds. */
  async waitForStatus(name: string, pred: (s: ConnectorStatus) => boolean, what: string, timeoutMs = 60_000): Promise<ConnectorStatus> {
    return (await this.pollStatus(name, (s) => s !== undefined && pred(s), what, timeoutMs))!;
  }

  /**
   * Waits until a deleted connector is gone from the worker, its status dropped: DELETE answers once
   * the config is removed, while the worker stops the connector and its tasks at its next rebalance.
   */
  async waitForDeletion(name: string, timeoutMs = 60_000): Promise<void> {
    await this.pollStatus(name, (s) => s === undefined, 'deleted and stopped', timeoutMs);
  }

  private async pollStatus(name: string, done: (s: ConnectorStatus | undefined) => boolean, what: string, timeoutMs: number): Promise<ConnectorStatus | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = await this.status(name);
      if (done(last)) return last;
      if (Date.now() > deadline) throw new Error(`connector ${name}: ${what} not reached within ${timeoutMs} ms; last status ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}
