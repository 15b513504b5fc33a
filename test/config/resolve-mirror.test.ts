import { describe, expect, it } from 'vitest';
import { resolveMirror } from '../../src/config/resolve-mirror.ts';
import type { MirrorConfig } from '../../src/config/schema.ts';

const mirror = (source: string, target: string): MirrorConfig => ({
  id: `${source}->${target}`,
  source,
  target,
  kafkaVersion: '3.9.0',
  settings: {},
  path: 'mirrors[0]',
  definedAt: { file: 'f', line: 1, col: 1, path: 'mirrors[0]' },
});
const config = { mirrors: [mirror('svl', 'confluent'), mirror('dc1', 'dc2'), mirror('dc1', 'dc3')] };

describe('resolveMirror', () => {
  it.each([
    ['svl', 'svl->confluent'],
    ['svl->confluent', 'svl->confluent'],
    [' svl -> confluent ', 'svl->confluent'],
    ['svl→confluent', 'svl->confluent'],
    ['dc1->dc3', 'dc1->dc3'],
  ])('%j → %s', (arg, id) => {
    expect(resolveMirror(config, arg)).toMatchObject({ ok: true, mirror: { id } });
  });

  it('rejects an ambiguous source alias and lists the candidates', () => {
    expect(resolveMirror(config, 'dc1')).toEqual({
      ok: false,
      code: 'ambiguous-mirror',
      message: 'dc1 is the source of 2 mirrors: dc1->dc2, dc1->dc3. Name one.',
      candidates: ['dc1->dc2', 'dc1->dc3'],
    });
  });

  it('suggests a close source alias', () => {
    expect(resolveMirror(config, 'svk')).toMatchObject({ ok: false, code: 'unknown-mirror', message: expect.stringMatching(/^No mirror from svk\. Did you mean svl\?/), candidates: ['svl'] });
  });

  it('suggests a close mirror id', () => {
    expect(resolveMirror(config, 'svl->confluet')).toMatchObject({ ok: false, code: 'unknown-mirror', candidates: ['svl->confluent'] });
  });

  it('explains that a target alias is not a source', () => {
    expect(resolveMirror(config, 'confluent')).toMatchObject({ ok: false, code: 'unknown-mirror', message: 'confluent is a target cluster, not a source. Mirrors into it: svl->confluent' });
  });

  it('asks for an argument when none is given', () => {
    expect(resolveMirror(config, '  ')).toMatchObject({ ok: false, code: 'empty-argument', candidates: ['svl->confluent', 'dc1->dc2', 'dc1->dc3'] });
  });
});
