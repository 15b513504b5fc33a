// Replies Slack never rejects: long reports split or attached, Kafka names escaped, denials
// ephemeral, 429s retried, a dropped socket mid-command, and no secret in anything the bot says.
import { afterEach, describe, expect, it } from 'vitest';
import { collectSecrets } from '../../src/runtime/redact.ts';
import type { Finding } from '../../src/model/finding.ts';
import { gate } from '../slack-emulator/helpers.ts';
import { EAST, FakeDoctor, seedDiagnosis, SVL, withFindings } from './fake-doctor.ts';
import { everything, startBot, type Harness } from './harness.ts';

const CODES = ['no-consumer-groups', 'groups-without-offsets', 'checkpoints-topic-misconfigured', 'network-instability', 'offset-syncs-empty'] as const;

function findings(n: number, evidenceChars: number): Finding[] {
  return Array.from({ length: n }, (_, i) => ({
    code: CODES[i % CODES.length]!,
    severity: i === 0 ? 'critical' : i % 2 ? 'warning' : 'info',
    title: `Finding ${i + 1} of ${n} about topic orders-${i}`,
    evidence: [{ label: 'detail', value: `${'x'.repeat(evidenceChars)} end-${i + 1}` }],
    subject: { groups: [`app-${i}`], topics: [`orders-${i}`] },
  }));
}

const allText = (h: Harness, user = 'alice') => JSON.stringify(h.emu.ephemeral(user).map((m) => m.blocks ?? m.text));

describe('delivery', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('delivers a 51-finding report in several valid messages', async () => {
    const doctor = FakeDoctor.of([[SVL, withFindings(seedDiagnosis(), findings(51, 60))]]);
    h = await startBot(doctor);
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops });
    await h.emu.waitFor(() => h && allText(h).includes('Finding 51 of 51'));

    const posts = h.emu.responseUrls()[0]?.posts ?? [];
    expect(posts.every((p) => p.status === 200)).toBe(true);
    expect(h.emu.ephemeral('alice').filter((m) => m.via === 'slack')).toEqual([]); // no "failed with the error"
    expect(h.emu.ephemeral('alice').length).toBeGreaterThan(1);
    const seen = allText(h);
    for (let i = 1; i <= 51; i++) expect(seen).toContain(`Finding ${i} of 51`);
  });

  it('shares a report too long for messages as a file in the thread', async () => {
    const doctor = FakeDoctor.of([[SVL, withFindings(seedDiagnosis(), findings(51, 1500))]]);
    h = await startBot(doctor);
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops });
    const first = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.includes('critical') && m.blocks?.length));
    await h.emu.waitFor(() => h?.emu.responseUrls()[0]?.posts.length === 5);
    expect(allText(h)).toContain('more part(s) not shown here');

    h.emu.socket.blockAction({ channel: h.ops, message_ts: first.ts, action_id: 'mm2_share' });
    const file = await h.emu.waitFor(() => h?.emu.files().find((f) => f.uploaded), 5000);
    const content = file.content.toString('utf8');
    for (let i = 1; i <= 51; i++) expect(content).toContain(`Finding ${i} of 51`);
    const main = h.emu.messages(h.ops)[0];
    expect(main?.text).toMatch(/critical/);
    await h.emu.waitFor(() => h?.emu.thread(h.ops, main?.ts ?? '').find((m) => m.files?.length));
  });

  it('escapes Kafka names so a topic called <!channel> notifies nobody', async () => {
    const hostile: Finding = {
      code: 'groups-on-unmirrored-topics',
      severity: 'critical',
      title: 'Group <@U0BOB0001> commits only on <!channel> & <https://evil.example|click>',
      evidence: [{ label: 'topics', value: ['<!channel>', '<!here>'] }],
      subject: { groups: ['<@U0BOB0001>'], topics: ['<!channel>'] },
    };
    const doctor = FakeDoctor.of([[SVL, withFindings(seedDiagnosis(), [hostile])]]);
    h = await startBot(doctor);
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops });
    const reply = await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.includes('critical')));
    h.emu.socket.blockAction({ channel: h.ops, message_ts: reply.ts, action_id: 'mm2_share' });
    await h.emu.waitFor(() => h?.emu.messages(h.ops)[0]);

    const out = JSON.stringify([h.emu.messages(h.ops), h.emu.ephemeral('alice')]);
    expect(out).not.toMatch(/<!channel>|<!here>|<@U0BOB0001>|<https:/);
    expect(out).toContain('&lt;!channel&gt;');
  });

  it('denies by access rules with an ephemeral message that says so', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, seedDiagnosis(EAST)]]);
    h = await startBot(doctor, {
      access: { rules: [{ channels: ['C0MM2OPS1'], usergroups: ['S0KAFKAOC'], mirrors: ['east'] }, { users: ['U0BOB0001'], channels: ['C0MM2OPS1'] }] },
    });
    const kafka = h.emu.channelId('kafka-alerts');
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops, user: h.emu.userId('alice') });
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose east', channel: kafka, user: h.emu.userId('alice') });
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops, user: h.emu.userId('bob') });
    h.emu.socket.slashCommand({ command: '/mm2', text: 'status', channel: h.ops, user: h.emu.userId('alice') });
    await h.emu.waitFor(() => h?.audit.length === 4);
    await h.emu.waitFor(() => h?.emu.ephemeral('alice').filter((m) => !m.text.startsWith('Diagnosing')).length === 3);

    const alice = h.emu.ephemeral('alice').map((m) => m.text);
    expect(alice).toContain('You may not ask about svl-&gt;confluent here: no access rule in the mm2-doctor config lets you.');
    expect(alice.some((t) => t.startsWith('You may not use `diagnose` here'))).toBe(true);
    expect(alice.some((t) => t.startsWith('1 mirror: 1 not ok'))).toBe(true); // status shows east only
    expect(h.emu.messages(h.ops)).toEqual([]);
    expect(h.audit.filter((a) => a.outcome === 'denied').map((a) => a.channel)).toEqual([h.ops, kafka]);
    expect(doctor.calls.map((c) => c.ref)).toEqual(expect.arrayContaining(['svl->confluent', 'east->west']));
    expect(doctor.calls).toHaveLength(2); // bob's svl, alice's status (east); nothing for the denials
  });

  it('never names a mirror the asker may not see, in errors, suggestions or lists', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [EAST, seedDiagnosis(EAST)]]);
    h = await startBot(doctor, { access: { rules: [{ users: ['U0ALICE01'], mirrors: ['east'] }] } });
    for (const text of ['diagnose nosuch', 'diagnose sv', 'diagnose confluent', 'help']) h.emu.socket.slashCommand({ command: '/mm2', text, channel: h.ops });
    await h.emu.waitFor(() => h?.emu.ephemeral('alice').length === 4);

    const seen = JSON.stringify(h.emu.ephemeral('alice'));
    expect(seen).not.toMatch(/svl|confluent-&gt;|-&gt;confluent/);
    expect(seen).toContain('east-&gt;west');
    expect(h.emu.ephemeral('alice').map((m) => m.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^No mirror from nosuch\. Mirrors you may ask about: east-&gt;west/)]));
  });

  it('answers a denied mention in a thread once, only to the asker', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    h = await startBot(doctor, { access: { rules: [{ users: ['U0ALICE01'] }] } });
    const parent = h.emu.postAsUser(h.ops, 'alice', 'svl->confluent has no checkpoints');
    h.emu.postAsUser(h.ops, 'alice', '```2024-11-12 10:40:55,377 INFO [svl->confluent.MirrorCheckpointConnector|worker] Started svl->confluent.MirrorCheckpointConnector with 0 consumer groups. (org.apache.kafka.connect.mirror.MirrorCheckpointConnector)```', parent.ts);
    h.emu.socket.appMention({ channel: h.ops, user: h.emu.userId('bob'), text: 'why?', thread_ts: parent.ts });
    await h.emu.waitFor(() => h?.emu.ephemeral('bob').length === 1);
    await new Promise((r) => setTimeout(r, 300));

    expect(h.emu.ephemeral('bob')).toEqual([expect.objectContaining({ thread_ts: parent.ts, text: expect.stringMatching(/^You may not use `explain` here/) })]);
    expect(h.emu.thread(h.ops, parent.ts).filter((m) => m.bot_id)).toEqual([]);
    expect(doctor.calls).toEqual([]);
  });

  it('still answers a command when the socket drops mid-diagnosis', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    const held = gate();
    doctor.gate = held.wait;
    h = await startBot(doctor);
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops });
    await h.emu.waitFor(() => doctor.calls.length === 1);
    h.emu.socket.drop();
    await h.emu.waitFor(() => h?.emu.socket.connections === 0);
    held.release();
    doctor.gate = undefined;

    await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.includes('critical')));
    await h.emu.waitFor(() => h?.emu.socket.connections === 1, 4000);
    h.emu.socket.slashCommand({ command: '/mm2', text: 'status', channel: h.ops });
    await h.emu.waitFor(() => h?.emu.ephemeral('alice').find((m) => m.text.startsWith('1 mirror:')));
  });

  it('finishes the reply in flight when stopped (SIGTERM) in Socket Mode', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    const held = gate();
    doctor.gate = held.wait;
    h = await startBot(doctor);
    h.emu.socket.slashCommand({ command: '/mm2', text: 'diagnose svl', channel: h.ops });
    await h.emu.waitFor(() => doctor.calls.length === 1);
    const stopping = h.bot.stop();
    await h.emu.waitFor(() => h?.emu.socket.connections === 0); // no new work arrives
    expect(h.bot.ready()).toBe(false);
    held.release();
    await stopping;

    expect(h.emu.ephemeral('alice').find((m) => m.text.includes('critical'))).toBeDefined();
    await h.emu.stop();
    h = undefined;
  });

  it('delivers thread replies after Slack answers 429 with Retry-After', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    // Burst 1: the two answers (quick ones come with no progress message) meet the limit.
    h = await startBot(doctor, { emulator: { rateLimit: { perSecond: 1, burst: 1 } } });
    const parent = h.emu.postAsUser(h.ops, 'alice', 'svl->confluent has no checkpoints');
    h.emu.socket.appMention({ channel: h.ops, text: 'diagnose svl', thread_ts: parent.ts });
    h.emu.socket.appMention({ channel: h.ops, text: 'status', thread_ts: parent.ts });
    await h.emu.waitFor(() => h?.emu.thread(h.ops, parent.ts).filter((m) => m.bot_id && /critical|mirror/.test(m.text) && !m.text.startsWith('Diagnosing')).length === 2, 8000);

    expect(h.emu.calls().some((c) => c.status === 429)).toBe(true);
  });

  it('keeps a canary password from the config out of every message, log line and error', async () => {
    const CANARY = 'hunter2-CANARY-7f3a';
    const config = { clusters: { svl: { bootstrap: ['svl:9092'], sasl: { mechanism: 'plain', username: 'mm2', password: { env: 'MM2_TEST_CANARY' } } } } };
    const secrets = await collectSecrets(config, { env: { MM2_TEST_CANARY: CANARY } });
    const leaky = withFindings(seedDiagnosis(), [{ code: 'not-authorized', severity: 'critical', title: `SASL failed for mm2:${CANARY}`, evidence: [{ label: 'jaas', value: `password="${CANARY}"` }] }]);
    const doctor = FakeDoctor.of([[SVL, leaky], [EAST, () => { throw new Error(`connect failed: sasl password ${CANARY} rejected`); }]]);
    h = await startBot(doctor, { secrets, config });
    for (const text of ['diagnose svl', 'diagnose east', 'status', `diagnose ${CANARY}`]) h.emu.socket.slashCommand({ command: '/mm2', text, channel: h.ops });
    await h.emu.waitFor(() => h?.audit.length === 4);
    await h.emu.waitFor(() => h?.emu.ephemeral('alice').filter((m) => !m.text.startsWith('Diagnosing')).length === 4);

    expect(secrets).toEqual([CANARY]);
    expect(h.logs.join('\n')).toContain('internal error ref=');
    expect(everything(h)).not.toContain(CANARY);
    expect(h.emu.ephemeral('alice').some((m) => m.text.includes('[redacted]'))).toBe(true);
  });
});
