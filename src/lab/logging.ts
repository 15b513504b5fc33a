/**
 * Logging configs for the lab's JVMs. Kafka's POMs carry no logging backend, so without these
 * files the JVMs are silent (reload4j on 3.9, Log4j 2 on 4.x). The pattern is Strimzi's default
 * for Connect (`%d %p %X{connector.context}%m (%c) [%t]`), so the lab's logs look like the logs
 * operators paste into incident threads.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { isKafka4 } from './versions.ts';

const PATTERN = '%d{yyyy-MM-dd HH:mm:ss,SSS} %p %X{connector.context}%m (%c) [%t]%n';

/** Loggers kept at WARN: chatty at INFO and irrelevant to MM2. */
const QUIET = ['kafka.log', 'org.apache.kafka.storage', 'kafka.coordinator', 'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator'];

export async function writeLoggingConfig(dir: string, version: string, levels: Record<string, string> = {}): Promise<string[]> {
  const all: Record<string, string> = { ...Object.fromEntries(QUIET.map((l) => [l, 'WARN'])), ...levels };
  if (isKafka4(version)) {
    const file = path.join(dir, 'log4j2.properties');
    const lines = [
      'appender.out.type=Console',
      'appender.out.name=OUT',
      'appender.out.layout.type=PatternLayout',
      `appender.out.layout.pattern=${PATTERN}`,
      'rootLogger.level=INFO',
      'rootLogger.appenderRef.out.ref=OUT',
      ...Object.entries(all).flatMap(([name, level], i) => [`logger.l${i}.name=${name}`, `logger.l${i}.level=${level}`]),
    ];
    await fs.writeFile(file, lines.join('\n') + '\n');
    return [`-Dlog4j2.configurationFile=${file}`];
  }
  const file = path.join(dir, 'log4j.properties');
  const lines = [
    'log4j.rootLogger=INFO, stdout',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    `log4j.appender.stdout.layout.ConversionPattern=${PATTERN}`,
    ...Object.entries(all).map(([name, level]) => `log4j.logger.${name}=${level}`),
  ];
  await fs.writeFile(file, lines.join('\n') + '\n');
  return [`-Dlog4j.configuration=file:${file}`];
}
