// Every reply the bot can render passes the emulator's Block Kit validation (Slack's documented
// limits) after fitting, however large; long sections split with code fences kept balanced.
import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/runtime/command.ts';
import { commandRegistry } from '../../src/composition-root.ts';
import { explainLogs } from '../../src/logs/explain.ts';
import { renderCommands } from '../../src/render/slack/report.ts';
import { code, codeBlock, esc } from '../../src/render/slack/escape.ts';
import { checkMessage, clampText, fitMessages, splitMrkdwn, type SlackDraft } from '../../src/render/slack/limits.ts';
import { renderResult } from '../../src/render/slack/results.ts';
import { checkContent } from '../slack-emulator/message-content.ts';
import { fixture } from '../logs/fixtures.ts';
import { groupRows } from '../../commands/groups.ts';
import { seedDiagnosis, SVL, withFindings } from './fake-doctor.ts';

function accepted(draft: SlackDraft): void {
  const messages = fitMessages(draft);
  for (const m of messages) {
    expect(checkMessage(m)).toEqual([]);
    expect(checkContent({ text: m.text, blocks: m.blocks }, { maxBlocksText: 11_000 })).toMatchObject({ ok: true });
  }
}

const big = (n: number, chars: number) =>
  withFindings(seedDiagnosis(), Array.from({ length: n }, (_, i) => ({
    code: 'groups-without-offsets' as const,
    severity: i === 0 ? ('critical' as const) : ('warning' as const),
    title: `Group g-${i} ${'t'.repeat(chars)}`,
    evidence: Array.from({ length: 12 }, (_, j) => ({ label: `e${j}`, value: 'v'.repeat(chars) })),
  })));

describe('Block Kit limits', () => {
  const d = seedDiagnosis();
  const results: [string, CommandResult][] = [
    ['diagnosis', { kind: 'diagnosis', diagnosis: d }],
    ['huge diagnosis', { kind: 'diagnosis', diagnosis: big(120, 400) }],
    ['status of 200 mirrors', { kind: 'status', hidden: 3, rows: Array.from({ length: 200 }, (_, i) => ({ mirror: { ...SVL, name: `m${i}->t` }, verdict: 'critical', rootCause: { code: 'no-consumer-groups', title: 'x'.repeat(300) }, counts: { critical: 1, warning: 0, info: 0 }, durationMs: 5 })) }],
    ['groups', { kind: 'groups', diagnosis: d, ...groupRows(d) }],
    ['500 checkpoints', { kind: 'checkpoints', diagnosis: d, truncated: true, corrupt: 2, rows: Array.from({ length: 500 }, (_, i) => ({ group: `group-${i}-${'g'.repeat(40)}`, topic: 'svl.orders', partition: i, upstreamOffset: BigInt(i), downstreamOffset: BigInt(i), ageMs: i * 1000 })) }],
    ['logs', { kind: 'logs', explanation: explainLogs(fixture('seed-case-strimzi.txt')) }],
    ['logs with causes, fixes and many unrecognized lines', { kind: 'logs', explanation: explainLogs(`${fixture('../corpus/01-strimzi3207-group-authz-herder-exit.txt')}\n${Array.from({ length: 300 }, (_, i) => `2024-11-12 10:42:01,123 WARN odd ${'x'.repeat(i)} (a.b.C) [t]`).join('\n')}`) }],
    ['logs too large', { kind: 'logs', explanation: explainLogs('x'.repeat(5 * 1024 * 1024)) }],
    ['help', { kind: 'help', commands: commandRegistry().info(), mirrors: ['svl->confluent'] }],
    ['usage', { kind: 'help', commands: commandRegistry().info(), mirrors: [], problem: 'Unknown command `x`.', topic: commandRegistry().info()[0]! }],
    ['denied', { kind: 'denied', reason: 'You may not ask about svl->confluent here.' }],
    ['error', { kind: 'error', ref: 'abcd1234' }],
    ['watch', { kind: 'watch', diagnosis: d, watch: { id: 'w', mirror: 'svl->confluent', startedAt: 0, endsAt: 1_800_000, intervalMs: 60_000 } }],
    ['watch stopped', { kind: 'watch-stopped', stopped: 2 }],
  ];

  it.each(results)('%s fits into messages Slack accepts', (_name, result) => {
    accepted(renderResult(result));
  });

  it('Show commands fits too', () => {
    accepted(renderCommands(big(60, 200)));
  });

  it('splits long mrkdwn at lines and keeps code fences balanced', () => {
    const text = ['intro', codeBlock(Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(20)}`)), 'outro'].join('\n');
    const parts = splitMrkdwn(text, 3000);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(3000);
      expect((p.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(parts.join('\n').replace(/```/g, '')).toContain('line 399');
  });

  it('clamps without cutting an escape in half', () => {
    const s = `${'a'.repeat(95)}&amp;&lt;tail`;
    const c = clampText(s, 100);
    expect(c.length).toBeLessThanOrEqual(100);
    expect(c).toMatch(/(&amp;)?…$/);
    expect(c).not.toMatch(/&a…|&am…|&amp…/);
  });

  it('escapes only &, < and >; inline code cannot be broken out of', () => {
    expect(esc('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(code('a`b')).toBe('`aʹb`');
    expect(codeBlock('x ``` y')).toBe('```x ʹʹʹ y```');
  });
});
