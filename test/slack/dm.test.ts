// Direct messages to the bot (its Messages tab) work like mentions: a command, or pasted logs to
// explain, within the same access rules. The emulator holds the app to the real manifest.yml, so a
// missing message.im subscription, Messages tab or im:history scope fails here as it would in Slack.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixture } from '../logs/fixtures.ts';
import type { ManifestLike } from '../slack-emulator/app-config.ts';
import { SlackEmulator } from '../slack-emulator/index.ts';
import { FakeDoctor, seedDiagnosis, SVL } from './fake-doctor.ts';
import { everything, startBot, type Harness } from './harness.ts';

const manifest = parse(readFileSync(path.resolve(import.meta.dirname, '../../manifest.yml'), 'utf8')) as ManifestLike;
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const VAULT = { name: 'svl->vault', sourceAlias: 'svl', targetAlias: 'vault' };

describe('direct messages', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('runs a command sent as a DM and answers in the DM', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor, { emulator: { manifest } });
    h.emu.socket.directMessage({ user: h.emu.userId('alice'), text: 'diagnose svl' });
    const answer = await h.emu.waitFor(() => h?.emu.dm('alice').find((m) => m.bot_id && m.text.startsWith('svl-&gt;confluent: critical')), 4000);
    expect(answer.thread_ts).toBeUndefined(); // in the conversation, not a thread
    expect(h.audit.map((a) => [a.via, a.command, a.mirror])).toEqual([['dm', 'diagnose', 'svl->confluent']]);
    expect(h.emu.messages('mm2-ops')).toEqual([]);
  });

  it('explains pasted logs and diagnoses the mirror the DM names', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor, { emulator: { manifest } });
    h.emu.socket.directMessage({ user: h.emu.userId('alice'), text: `svl is stuck, logs:\n\`\`\`${slackEscape(fixture('seed-case-strimzi.txt'))}\`\`\`` });
    await h.emu.waitFor(() => h?.emu.dm('alice').some((m) => m.bot_id && m.text.includes('critical')), 4000);
    expect(h.audit.map((a) => [a.via, a.command])).toEqual([['dm', 'explain'], ['dm', 'diagnose']]);
    expect(doctor.calls[0]?.opts.logsText).toContain('with 0 consumer groups');
  });

  it('applies the access rules: a DM about a mirror the asker may not see is denied to them alone, naming none of the others', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [VAULT, seedDiagnosis(VAULT)]]);
    const emu = await SlackEmulator.start({ ackTimeoutMs: 3000, manifest });
    const bot = await startBot(doctor, { emu, access: { rules: [{ users: [emu.userId('alice')], mirrors: ['svl->confluent'] }] } });
    h = { ...bot, stop: async () => (await bot.stop(), await emu.stop()) };
    emu.socket.directMessage({ user: emu.userId('bob'), text: 'diagnose svl->vault' });
    emu.socket.directMessage({ user: emu.userId('alice'), text: 'diagnose svl->vault' });
    await emu.waitFor(() => bot.audit.length === 2, 4000);
    expect(bot.audit.map((a) => a.outcome)).toEqual(['denied', 'denied']);
    expect(doctor.calls).toEqual([]);
    await emu.waitFor(() => emu.ephemeral('bob').length > 0 && emu.ephemeral('alice').length > 0, 4000);
    const toBob = emu.ephemeral('bob');
    expect(toBob).toHaveLength(1);
    expect(emu.dm('bob').filter((m) => m.bot_id)).toEqual([]); // nothing left in the DM for later
    expect(JSON.stringify(toBob)).not.toContain('svl-&gt;confluent'); // lists none he may not see

    emu.socket.directMessage({ user: emu.userId('alice'), text: 'diagnose svl' });
    await emu.waitFor(() => emu.dm('alice').some((m) => m.bot_id && m.text.includes('critical')), 4000);
    expect(everything(bot)).not.toMatch(/svl-(&gt;|>)vault: critical/);
  });
});
