import { describe, expect, it } from 'vitest';
import { createAccessPolicy } from '../../src/runtime/access.ts';
import type { MirrorRef } from '../../src/model/diagnosis.ts';

const SVL: MirrorRef = { name: 'svl->confluent', sourceAlias: 'svl', targetAlias: 'confluent' };
const EAST: MirrorRef = { name: 'east->west', sourceAlias: 'east', targetAlias: 'west' };
const caller = (user: string, channel: string, groups: string[] = []) => ({ user, channel, groups: new Set(groups) });

describe('access rules', () => {
  const policy = createAccessPolicy([
    { channels: ['C0OPS'], usergroups: ['S0ONCALL'] },
    { users: ['U0ALICE'], mirrors: ['east'], commands: ['diagnose', 'status'] },
    { channels: ['C0CONFLUENT'], clusters: ['confluent'] },
  ]);

  it.each([
    ['on-call group in #ops, any mirror', caller('U0BOB', 'C0OPS', ['S0ONCALL']), 'diagnose', SVL, true],
    ['not in the group, in #ops', caller('U0BOB', 'C0OPS'), 'diagnose', SVL, false],
    ['alice anywhere, east only', caller('U0ALICE', 'C0ELSE'), 'diagnose', EAST, true],
    ['alice anywhere, not svl', caller('U0ALICE', 'C0ELSE'), 'diagnose', SVL, false],
    ['alice, command not listed', caller('U0ALICE', 'C0ELSE'), 'groups', EAST, false],
    ['anyone in #confluent, mirrors to confluent', caller('U0EVE', 'C0CONFLUENT'), 'checkpoints', SVL, true],
    ['anyone in #confluent, other clusters', caller('U0EVE', 'C0CONFLUENT'), 'checkpoints', EAST, false],
  ] as const)('%s', (_name, who, command, mirror, allowed) => {
    expect(policy.mayAsk(who, command, mirror).allowed).toBe(allowed);
  });

  it('lets anyone read help, and says why a denial happened', () => {
    expect(policy.mayUse(caller('U0EVE', 'C0ELSE'), 'help')).toEqual({ allowed: true });
    const denied = policy.mayUse(caller('U0EVE', 'C0ELSE'), 'diagnose');
    expect(denied).toMatchObject({ allowed: false });
    expect(!denied.allowed && denied.reason).toMatch(/You may not use `diagnose` here/);
    expect(policy.usergroups).toEqual(['S0ONCALL']);
  });

  it('allows everything without an access section', () => {
    const open = createAccessPolicy(undefined);
    expect(open.mayAsk(caller('U0X', 'C0Y'), 'diagnose', SVL).allowed).toBe(true);
    expect(open.usergroups).toEqual([]);
  });
});
