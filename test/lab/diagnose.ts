/**
 * Diagnoses a lab mirror through the product's real path: a bot config file and the
 * KafkaMirrorMaker2 file written to disk, loaded by the config loader, diagnosed by createDoctor.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { expect } from 'vitest';
import { botConfigFor } from '../../src/lab/dev-lab.ts';
import type { Lab } from '../../src/lab/lab.ts';
import type { LabMirror } from '../../src/lab/mirror.ts';
import { loadConfig } from '../../src/config/load.ts';
import { formatConfigError } from '../../src/config/errors.ts';
import { createDoctor } from '../../src/doctor/create-doctor.ts';
import type { Diagnosis } from '../../src/model/diagnosis.ts';
import type { Finding, FindingCode } from '../../src/model/finding.ts';

export interface DiagnoseLabOptions {
  clusterExtra?: Record<string, object>;
  bootstrap?: Record<string, string>;
  connect?: boolean;
  logsText?: string;
  /** The diagnosis clock (facts.now), to look at real MM2 state as if time had passed. */
  now?: () => number;
}

export async function writeLabConfig(lab: Lab, mirror: LabMirror, opts: DiagnoseLabOptions = {}): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mm2-doctor-cfg-'));
  await fs.writeFile(path.join(dir, 'kmm2.yaml'), YAML.stringify(mirror.cr));
  const file = path.join(dir, 'mm2-doctor.yaml');
  await fs.writeFile(file, botConfigFor(lab.info, mirror, 'kmm2.yaml', opts));
  return file;
}

export async function diagnoseLab(lab: Lab, mirror: LabMirror, opts: DiagnoseLabOptions = {}): Promise<Diagnosis> {
  const file = await writeLabConfig(lab, mirror, opts);
  const loaded = loadConfig(file);
  if (!loaded.ok) throw new Error(`lab config invalid:\n${loaded.errors.map(formatConfigError).join('\n')}`);
  const doctor = createDoctor(loaded.config, opts.now ? { now: opts.now } : {});
  try {
    return await doctor.diagnose(doctor.resolve(`${mirror.sourceAlias}->${mirror.targetAlias}`), opts.logsText !== undefined ? { logsText: opts.logsText } : {});
  } finally {
    await doctor.close();
  }
}

/** The finding with `code`, failing the test with the whole report when it is absent. */
export function finding(d: Diagnosis, code: FindingCode): Finding {
  const f = d.report.findings.find((x) => x.code === code);
  expect(f, `no ${code} finding; report: ${summary(d)}`).toBeDefined();
  return f!;
}

export function summary(d: Diagnosis): string {
  return JSON.stringify(
    {
      verdict: d.report.verdict,
      rootCause: d.report.rootCause?.code,
      findings: d.report.findings.map((f) => `${f.severity} ${f.code}: ${f.title}`),
      notEvaluated: d.report.notEvaluated,
      unavailable: d.report.unavailable.map((u) => `${u.fact}: ${u.error.message}`),
      errors: d.report.errors,
    },
    null,
    2,
  );
}

export function evidenceText(f: Finding): string {
  return `${f.title}\n${f.evidence.map((e) => `${e.label}: ${Array.isArray(e.value) ? e.value.join(', ') : String(e.value)}`).join('\n')}\n${JSON.stringify(f.subject ?? {})}`;
}
