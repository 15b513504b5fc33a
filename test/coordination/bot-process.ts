/**
 * One bot replica for the replicas lab test, as `mm2-doctor serve` runs its schedules: the real
 * config loader, Doctor, history file, Kafka coordination and scheduler, posting through a Web API
 * client to the Slack emulator. Prints JSON lines on stdout: `started`, `leader`, `digest`.
 * Usage: node --import tsx bot-process.ts <config file> <state dir> <slack api url> <bot token>
 */
import { webApi } from '@slack/bolt';
import { createRedactor } from '../../src/runtime/redact.ts';
import { formatConfigError } from '../../src/config/errors.ts';
import { loadAppConfig } from '../../src/config-sections.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import { openHistory } from '../../src/history/open.ts';
import { startSchedules } from '../../src/schedule/runtime.ts';

const [file, stateDir, slackApiUrl, token] = process.argv.slice(2) as [string, string, string, string];
const emit = (o: object) => process.stdout.write(`${JSON.stringify({ pid: process.pid, at: Date.now(), ...o })}\n`);

const loaded = loadAppConfig(file);
if (!loaded.ok) {
  process.stderr.write(`${loaded.errors.map(formatConfigError).join('\n')}\n`);
  process.exit(2);
}
const config = loaded.config;
const doctor = createDoctor(config);
const history = await openHistory(config, stateDir);
const line = (level: string) => (...m: unknown[]) => emit({ event: 'log', level, text: m.map(String).join(' ') });
const schedules = await startSchedules({
  config,
  doctor,
  history,
  client: new webApi.WebClient(token, { slackApiUrl }),
  stateDir,
  redactor: createRedactor([]),
  log: { info: line('info'), warn: line('warn'), error: line('error') },
  onDigest: (name, slot, outcome) => emit({ event: 'digest', name, slot, outcome }),
});
schedules.coordination.leadership.onChange((leader) => emit({ event: 'leader', leader }));
emit({ event: 'started', leader: schedules.coordination.leadership.isLeader() });

process.once('SIGTERM', () => {
  void (async () => {
    await schedules.stop();
    await history.close();
    await doctor.close();
    emit({ event: 'stopped' });
    process.exit(0);
  })();
});
