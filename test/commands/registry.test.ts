import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import type { Command } from '../../src/runtime/command.ts';
import { createRegistry, DuplicateCommandError } from '../../src/runtime/registry.ts';

const stub = (name: string, aliases: string[] = []): Command => ({ name, aliases, usage: '', summary: name, prepare: () => ({ run: async () => ({ kind: 'watch-stopped', stopped: 0 }) }) });

describe('command registry', () => {
  it('registers every subcommand of /mm2 once', () => {
    const r = createRegistry(COMMANDS);
    expect(r.info().map((c) => c.name)).toEqual(['diagnose', 'status', 'groups', 'checkpoints', 'failover', 'explain', 'watch', 'history', 'digest', 'help']);
    expect(r.find('DIAGNOSE')?.name).toBe('diagnose');
    expect(r.find('cp')?.name).toBe('checkpoints');
    expect(r.find('nope')).toBeUndefined();
  });

  it('fails at start-up when two commands claim the same name or alias', () => {
    expect(() => createRegistry([stub('diagnose'), stub('diagnose')])).toThrow(DuplicateCommandError);
    expect(() => createRegistry([stub('diagnose', ['d']), stub('describe', ['d'])])).toThrow(/'d' is claimed by both 'diagnose' and 'describe'/);
    expect(() => createRegistry([stub('Bad Name')])).toThrow(/lower-case/);
  });
});
