// The terminal's words for `groups` and `checkpoints` when the reading they list failed: what is
// known (the verdict, the root cause, why nothing is listed), never a count that reads as "none".
import { describe, expect, it } from 'vitest';
import { groupRows } from '../../../commands/groups.ts';
import { renderText } from '../../../src/render/text/results.ts';
import { renderResult } from '../../../src/render/slack/results.ts';
import { diagnosisOf, seedDiagnosis } from '../../slack/fake-doctor.ts';

const unlisted = () => {
  const d = seedDiagnosis();
  return diagnosisOf({ ...d.facts, sourceGroups: { ok: false as const, error: { kind: 'not-authorized' as const, message: 'ListGroups denied on svl' }, ms: 3 } });
};

describe('groups when the groups could not be listed', () => {
  it('says they could not be listed, with the root cause, instead of "0 of 0 group(s) checkpointed"', () => {
    const d = unlisted();
    const { rows, unavailable } = groupRows(d);
    const text = renderText({ kind: 'groups', diagnosis: d, rows, ...(unavailable ? { unavailable } : {}) });
    expect(text).not.toMatch(/0 of 0/);
    expect(text.split('\n')[0]).toBe(`${d.report.mirror.name}: ${d.report.verdict}; the groups could not be listed`);
    if (d.report.rootCause) expect(text).toContain(`root cause: ${d.report.rootCause.title} [${d.report.rootCause.code}]`);
    expect(text).toContain('incomplete: Groups on svl could not be listed: ListGroups denied on svl');
  });

  it('in Slack too', () => {
    const d = unlisted();
    const { rows, unavailable } = groupRows(d);
    const draft = renderResult({ kind: 'groups', diagnosis: d, rows, ...(unavailable ? { unavailable } : {}) });
    expect(draft.text).toContain('the groups could not be listed');
    expect(JSON.stringify(draft.blocks)).not.toMatch(/0 of 0/);
  });
});
