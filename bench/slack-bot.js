// The bot alone in its own process for bench:slack, as production runs it: compiled JavaScript
// from dist/ (`npm run build`), no TypeScript loader. Socket Mode against the emulator at argv[3].
import { loadAppConfig } from '../dist/src/config-sections.js';
import { createDoctor } from '../dist/src/doctor/create-doctor.js';
import { createSlackApp } from '../dist/src/slack/app.js';
import { commandRegistry } from '../dist/src/composition-root.js';

const [configFile, apiUrl, botToken, appToken, stateDir] = process.argv.slice(2);
const loaded = loadAppConfig(configFile);
if (!loaded.ok) throw new Error('config');
const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error', setName() {} };
const bot = createSlackApp({
  doctor: createDoctor(loaded.config),
  registry: commandRegistry(),
  config: loaded.config,
  tokens: { botToken, appToken },
  mode: 'socket',
  slackApiUrl: apiUrl,
  audit: () => undefined,
  logger: quiet,
  overrides: { healthPort: 0, stateDir, port: 0 },
});
await bot.start();
process.stdout.write('READY\n');
process.on('SIGTERM', () => void bot.stop().then(() => process.exit(0)));
