import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { settingsInputFor } from '../../src/config/settings-input.ts';
import { effectiveSettings } from '../../src/mm2/settings.ts';

const seedCr = readFileSync(new URL('../mm2/fixtures/seed-kmm2.yaml', import.meta.url), 'utf8');

describe('settingsInputFor', () => {
  it('feeds a configured Strimzi mirror and its overrides to effectiveSettings with bot-config provenance', () => {
    const r = parseConfig(
      ['clusters: { confluent: { sasl: { password: { env: P } } } }', 'mirrors:', '  - strimzi: { file: kmm2.yaml }', '    settings: { refresh.groups.interval.seconds: 60 }', ''].join('\n'),
      '/cfg/mm2-doctor.yaml',
      { readFile: (p) => (p === '/cfg/kmm2.yaml' ? seedCr : '') },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const mirror = r.config.mirrors[0];
    if (!mirror) throw new Error('no mirror');
    const s = effectiveSettings(settingsInputFor(mirror));
    expect(s.checkpoint.groups).toMatchObject({ value: 'svl-.*', source: 'strimzi', path: 'spec.mirrors[0].groupsPattern' });
    expect(s.checkpoint.refreshGroupsIntervalSeconds).toMatchObject({ value: 60, source: 'config-override', path: 'mirrors[0].settings["refresh.groups.interval.seconds"]' });

    const live = effectiveSettings(settingsInputFor(mirror, { checkpoint: { 'source.cluster.alias': 'svl', 'refresh.groups.interval.seconds': '5' } }));
    expect(live.checkpoint.refreshGroupsIntervalSeconds).toMatchObject({ value: 5, source: 'connect' });
  });
});
