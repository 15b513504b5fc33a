// `serve(config, doctor)`: tokens from the config's secret references, the mode they imply, and a
// stop that closes the doctor too.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serve } from '../../src/composition-root.ts';
import { SlackEmulator } from '../slack-emulator/index.ts';
import { quietLogger } from '../slack-emulator/helpers.ts';
import { FakeDoctor, seedDiagnosis, SVL } from './fake-doctor.ts';

describe('serve', () => {
  let emu: SlackEmulator | undefined;
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });

  const stateDir = () => mkdtempSync(path.join(tmpdir(), 'mm2-serve-'));

  it('connects in Socket Mode when the app token resolves, answers, and stops on request', async () => {
    emu = await SlackEmulator.start();
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    const env = { SLACK_BOT_TOKEN: emu.botToken, SLACK_APP_TOKEN: emu.appToken };
    const serving = await serve({ slack: { healthPort: false, stateDir: stateDir() } }, doctor, {
      secretIO: { env }, signals: false, slackApiUrl: emu.apiUrl, logger: quietLogger(), audit: () => undefined,
    });
    expect(serving.bot.mode).toBe('socket');
    expect(serving.bot.ready()).toBe(true);
    emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: emu.channelId('mm2-ops') });
    await emu.waitFor(() => emu?.ephemeral('alice').find((m) => m.text.includes('critical')));

    await serving.stop();
    await serving.stopped;
    expect(doctor.closed).toBe(true);
    expect(serving.bot.ready()).toBe(false);
  });

  it('talks to the Slack API at slack.apiUrl from the config (GovSlack, a test rig)', async () => {
    emu = await SlackEmulator.start();
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    const env = { SLACK_BOT_TOKEN: emu.botToken, SLACK_APP_TOKEN: emu.appToken };
    const serving = await serve({ slack: { healthPort: false, stateDir: stateDir(), apiUrl: emu.apiUrl } }, doctor, {
      secretIO: { env }, signals: false, logger: quietLogger(), audit: () => undefined,
    });
    try {
      expect(emu.calls('apps.connections.open')).toHaveLength(1);
      emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: emu.channelId('mm2-ops') });
      await emu.waitFor(() => emu?.ephemeral('alice').find((m) => m.text.includes('critical')));
    } finally {
      await serving.stop();
    }
  });

  it('refuses to start without the tokens the mode needs, naming the reference, not a value', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    await expect(serve({}, doctor, { secretIO: { env: {} }, signals: false })).rejects.toThrow('slack.botToken: environment variable SLACK_BOT_TOKEN is not set');
    await expect(serve({}, doctor, { secretIO: { env: { SLACK_BOT_TOKEN: 'xoxb-x' } }, signals: false })).rejects.toThrow(/slack\.signingSecret: environment variable SLACK_SIGNING_SECRET is not set \(HTTP mode/);
    await expect(serve({ slack: { mode: 'socket' } }, doctor, { secretIO: { env: { SLACK_BOT_TOKEN: 'xoxb-x' } }, signals: false })).rejects.toThrow(/slack\.appToken: .*Socket Mode/);
  });
});
