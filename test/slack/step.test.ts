// The Workflow Builder step "Diagnose an MM2 mirror", run as Slack runs it: the emulator holds the
// app to the real manifest.yml (the step declared under `functions`, an org-ready app with
// function_runtime remote, inputs checked before the event is sent, outputs checked against
// output_parameters by functions.completeSuccess), sends function_executed with a per-execution
// token, and records how the step ended.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ManifestLike } from '../slack-emulator/app-config.ts';
import { SlackEmulator } from '../slack-emulator/index.ts';
import type { StepExecution } from '../slack-emulator/core.ts';
import { withSourceUnreachable, fixSeedFacts } from '../fixtures/facts.ts';
import { diagnosisOf, FakeDoctor, healthyDiagnosis, seedDiagnosis, SVL, withFindings } from './fake-doctor.ts';
import { everything, startBot, type Harness, type HarnessOptions } from './harness.ts';
import type { Doctor } from '../../src/model/diagnosis.ts';

const manifest = parse(readFileSync(path.resolve(import.meta.dirname, '../../manifest.yml'), 'utf8')) as ManifestLike;
const VAULT = { name: 'svl->vault', sourceAlias: 'svl', targetAlias: 'vault' };
const CANARY = 'canary-p4ssw0rd-in-the-config';

describe('the workflow step "Diagnose an MM2 mirror"', () => {
  let h: Harness | undefined;
  let emu: SlackEmulator | undefined;
  afterEach(async () => {
    await h?.stop();
    await emu?.stop();
    h = undefined;
    emu = undefined;
  });

  async function start(doctor: Doctor, opts: (e: SlackEmulator) => HarnessOptions = () => ({})): Promise<Harness> {
    emu = await SlackEmulator.start({ ackTimeoutMs: 3000, manifest });
    h = await startBot(doctor, { emu, secrets: [CANARY], ...opts(emu) });
    return h;
  }

  /** Runs the step and waits until the app completed or failed it. */
  async function runStep(inputs: Record<string, unknown>): Promise<StepExecution> {
    const run = emu!.socket.runStep({ callback_id: 'diagnose_mirror', inputs });
    return emu!.waitFor(() => emu!.steps().find((s) => s.id === run.step.id && s.status !== 'running'), 4000);
  }

  it('posts the full answer in the channel and completes with the verdict, the root cause and the answer\'s permalink', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    await start(doctor);
    const step = await runStep({ mirror_name: 'svl', channel_id: h!.ops });

    expect(step.status).toBe('completed');
    const [answer, ...others] = h!.emu.messages('mm2-ops');
    expect(others).toEqual([]); // the placeholder was replaced, not left beside the answer
    expect(answer?.text).toMatch(/^svl-&gt;confluent: critical/);
    expect(step.outputs).toEqual({
      verdict: 'critical',
      root_cause: seedDiagnosis().report.rootCause!.title,
      link: `https://${h!.emu.seed.teamDomain}.slack.com/archives/${h!.ops}/p${answer!.ts.replace('.', '')}`,
    });
    expect(doctor.calls.map((c) => c.ref)).toEqual(['svl->confluent']);
    expect(h!.audit.map((a) => [a.via, a.user, a.channel, a.command, a.mirror, a.outcome])).toEqual([['workflow', '', h!.ops, 'diagnose', 'svl->confluent', 'ok']]);
    expect(everything(h!)).not.toContain(CANARY);
  });

  it('completes for a healthy mirror and for an unreachable cluster: both are diagnoses, not failures', async () => {
    const EAST = { name: 'east->west', sourceAlias: 'east', targetAlias: 'west' };
    const cut = diagnosisOf(withSourceUnreachable(fixSeedFacts()), EAST);
    await start(FakeDoctor.of([[SVL, healthyDiagnosis()], [EAST, cut]]));
    const healthy = await runStep({ mirror_name: 'svl → confluent', channel_id: h!.ops });
    expect(healthy).toMatchObject({ status: 'completed', outputs: { verdict: 'ok', root_cause: 'none: checkpoints flow' } });

    const unreachable = await runStep({ mirror_name: 'east->west', channel_id: h!.ops });
    expect(unreachable.status).toBe('completed');
    expect(cut.report.rootCause?.code).toBe('source-unreachable');
    expect(unreachable.outputs).toMatchObject({ verdict: cut.report.verdict, root_cause: cut.report.rootCause?.title });
    expect(unreachable.outputs?.root_cause).toContain('unreachable');
  });

  it('keeps secrets out of the outputs a workflow passes on', async () => {
    const seed = seedDiagnosis();
    const root = { ...seed.report.rootCause!, title: `Connect rejected password ${CANARY}` };
    await start(FakeDoctor.of([[SVL, withFindings(seed, [root])]]));
    const step = await runStep({ mirror_name: 'svl', channel_id: h!.ops });
    expect(step.status).toBe('completed');
    expect(step.outputs?.root_cause).toMatch(/^Connect rejected password /);
    expect(JSON.stringify(step.outputs)).not.toContain(CANARY);
  });

  it('fails an unknown mirror with the mirrors there are, posting nothing and gathering nothing', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    await start(doctor);
    const step = await runStep({ mirror_name: 'nosuch->mirror', channel_id: h!.ops });
    expect(step.status).toBe('failed');
    expect(step.error).toContain('No mirror');
    expect(step.error).toContain('nosuch->mirror');
    expect(step.error).toContain('svl->confluent');
    expect(h!.emu.messages('mm2-ops')).toEqual([]);
    expect(doctor.calls).toEqual([]);
    expect(h!.audit.map((a) => a.outcome)).toEqual(['usage']);
  });

  it('runs for no particular person: rules naming users deny it, a rule for the channel allows it', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()], [VAULT, seedDiagnosis(VAULT)]]);
    await start(doctor, (e) => ({ access: { rules: [
      { users: [e.userId('alice')] }, // alice may ask anything, anywhere; a workflow is not alice
      { channels: [e.channelId('mm2-ops')], mirrors: ['svl->confluent'] },
    ] } }));

    const denied = await runStep({ mirror_name: 'svl->vault', channel_id: h!.ops });
    expect(denied.status).toBe('failed');
    expect(denied.error).toMatch(/^Access denied: a workflow may not diagnose svl->vault in channel C0MM2OPS1/);
    const elsewhere = await runStep({ mirror_name: 'svl->confluent', channel_id: h!.emu.channelId('kafka-alerts') });
    expect(elsewhere.status).toBe('failed');
    expect(elsewhere.error).toMatch(/^Access denied/);
    expect(doctor.calls).toEqual([]);
    expect(h!.emu.messages('mm2-ops')).toEqual([]); // a denial posts nothing for the channel to see
    expect(h!.emu.messages('kafka-alerts')).toEqual([]);

    const allowed = await runStep({ mirror_name: 'svl->confluent', channel_id: h!.ops });
    expect(allowed).toMatchObject({ status: 'completed', outputs: { verdict: 'critical' } });
    expect(h!.audit.map((a) => a.outcome)).toEqual(['denied', 'denied', 'ok']);
  });

  it('names only the mirrors the rules let a workflow see when the name is unknown', async () => {
    await start(FakeDoctor.of([[SVL, seedDiagnosis()], [VAULT, seedDiagnosis(VAULT)]]), (e) => ({ access: { rules: [{ channels: [e.channelId('mm2-ops')], mirrors: ['svl->confluent'] }] } }));
    const step = await runStep({ mirror_name: 'svl->nowhere', channel_id: h!.ops });
    expect(step.status).toBe('failed');
    expect(step.error).toContain('svl->confluent');
    expect(step.error).not.toContain('svl->vault');
  });

  it('fails with the invite to send when the bot is not in the channel, before gathering anything', async () => {
    const doctor = FakeDoctor.of([[SVL, seedDiagnosis()]]);
    await start(doctor);
    const step = await runStep({ mirror_name: 'svl', channel_id: h!.emu.channelId('random') });
    expect(step.status).toBe('failed');
    expect(step.error).toContain('/invite @mm2-doctor');
    expect(step.error).toContain('not_in_channel');
    expect(doctor.calls).toEqual([]);
  });

  it('runs in HTTP mode from manifest.http.yml too: signed function_executed, acked, completed', async () => {
    const httpManifest = parse(readFileSync(path.resolve(import.meta.dirname, '../../manifest.http.yml'), 'utf8')) as ManifestLike;
    emu = await SlackEmulator.start({ ackTimeoutMs: 3000, manifest: httpManifest });
    h = await startBot(FakeDoctor.of([[SVL, seedDiagnosis()]]), { emu, mode: 'http' });
    const sent = await h.http!.runStep({ callback_id: 'diagnose_mirror', inputs: { mirror_name: 'svl', channel_id: h.ops } });
    expect(sent.status).toBe(200);
    const step = await emu.waitFor(() => emu!.steps().find((s) => s.id === sent.step.id && s.status !== 'running'), 4000);
    expect(step).toMatchObject({ status: 'completed', outputs: { verdict: 'critical' } });
    expect(h.emu.messages('mm2-ops')).toHaveLength(1);
  });

  it('fails with a reference on an internal error, and the placeholder says so instead of "Diagnosing…"', async () => {
    const doctor = FakeDoctor.of([[SVL, () => {
      throw new Error(`boom with ${CANARY}`);
    }]]);
    await start(doctor);
    const step = await runStep({ mirror_name: 'svl', channel_id: h!.ops });
    expect(step.status).toBe('failed');
    const ref = /\(ref ([0-9a-f]+)\)/.exec(step.error ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(h!.emu.messages('mm2-ops').map((m) => m.text).join('\n')).toContain(ref);
    expect(h!.emu.messages('mm2-ops').map((m) => m.text).join('\n')).not.toContain('Diagnosing');
    expect(h!.logs.join('\n')).toContain(ref);
    expect(everything(h!)).not.toContain(CANARY);
  });
});
