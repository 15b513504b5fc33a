// The section contract: a feature's section is validated, positioned and cross-checked by the
// loader, and typed from its schema, without src/config/ knowing the feature.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { formatConfigError } from '../../src/config/errors.ts';
import { parseConfig } from '../../src/config/load.ts';
import { configSection } from '../../src/config/section.ts';
import { strictMap } from '../../src/config/zod-yaml.ts';

const FILE = '/etc/mm2-doctor/mm2-doctor.yaml';
const BASE = 'clusters:\n  svl: { bootstrap: "h:1" }\n  confluent: { bootstrap: "h:2" }\nmirrors:\n  - { source: svl, target: confluent }\n';

const checked: unknown[] = [];
const pager = configSection({
  key: 'pager',
  schema: strictMap({ mirror: z.string(), minutes: z.int().min(1).default(5) }),
  crossCheck(value, ctx) {
    checked.push(value);
    const known = ctx.config.mirrors.find((m) => m.id === value.mirror);
    if (!known) ctx.error(['pager', 'mirror'], 'no such mirror');
    if (value.minutes > 60) ctx.warn(['pager', 'minutes'], 'that is long');
    return { ...value, source: known?.source };
  },
});

describe('config sections', () => {
  it('loads a section with its defaults and the value its cross-check returns, typed', () => {
    const r = parseConfig(`${BASE}pager: { mirror: "svl->confluent" }\n`, FILE, { sections: [pager] });
    if (!r.ok) throw new Error(r.errors.map(formatConfigError).join('\n'));
    expect(r.config.pager).toEqual({ mirror: 'svl->confluent', minutes: 5, source: 'svl' });
    expectTypeOf(r.config.pager).toEqualTypeOf<{ mirror: string; minutes: number; source: string | undefined } | undefined>();
  });

  it('positions schema errors, cross-check errors and warnings in the file', () => {
    const bad = parseConfig(`${BASE}pager: { mirror: nowhere, minuts: 5 }\n`, FILE, { sections: [pager] });
    expect(!bad.ok && bad.errors.map(formatConfigError)).toEqual([`${FILE}:6:27: pager.minuts: unknown key 'minuts' (did you mean 'minutes'?)`]);
    const crossed = parseConfig(`${BASE}pager: { mirror: nowhere, minutes: 90 }\n`, FILE, { sections: [pager] });
    expect(!crossed.ok && [...crossed.errors, ...crossed.warnings].map(formatConfigError)).toEqual([`${FILE}:6:18: pager.mirror: no such mirror`, `${FILE}:6:36: pager.minutes: that is long`]);
  });

  it('cross-checks a section only when it is valid itself', () => {
    checked.length = 0;
    parseConfig(`${BASE}pager: { mirror: 5 }\n`, FILE, { sections: [pager] });
    expect(checked).toEqual([]);
  });

  it('knows no section it is not given', () => {
    const r = parseConfig(`${BASE}pager: { mirror: "svl->confluent" }\n`, FILE);
    expect(!r.ok && r.errors.map((e) => e.message)).toEqual(["unknown key 'pager'; expected one of clusters, mirrors"]);
  });

  it('refuses two owners of one key', () => {
    const clash = configSection({ key: 'mirrors', schema: z.array(z.string()) });
    expect(() => parseConfig(BASE, FILE, { sections: [clash] })).toThrow(/'mirrors' is defined twice/);
  });
});
