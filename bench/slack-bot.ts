/** The bot alone in its own process for bench:slack: Socket Mode against the emulator at argv[3]. */
import { loadAppConfig } from '../src/config-sections.ts';
import { createDoctor } from '../src/doctor/create-doctor.ts';
import { createSlackApp } from '../src/slack/app.ts';
import { commandRegistry } from '../src/composition-root.ts';

const [configFile, apiUrl, botToken, appToken, stateDir] = process.argv.slice(2) as [string, string, string, string, string];
const loaded = loadAppConfig(configFile);
if (!loaded.ok) throw new Error('config');
const bot = createSlackApp({
  doctor: createDoctor(loaded.config),
  registry: commandRegistry(),
  config: loaded.config,
  tokens: { botToken, appToken },
  mode: 'socket',
  slackApiUrl: apiUrl,
  audit: () => undefined,
  logger: { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error' as never, setName() {} } as never,
  overrides: { healthPort: 0, stateDir, port: 0 },
});
await bot.start();
process.stdout.write('READY\n');
process.on('SIGTERM', () => void bot.stop().then(() => process.exit(0)));
