/**
 * Every check in the engine is exercised against the real lab at least once: some lab test
 * (`*.lab.test.ts`) ASSERTS one of the finding codes each check emits. A code counts only where it
 * is an argument of a positive `expect(…)` chain (`expect(x).toBe('code')`, `.toContain('code')`;
 * not `.not.toContain`) or of the lab's asserting helper `finding(d, 'code')`. Comments, strings
 * in descriptions and negative assertions do not count. The files are read with the TypeScript
 * compiler's parser, so what counts is code, not text.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.ts';
import { PROJECT_ROOT } from '../../src/lab/versions.ts';

/** Helpers of the lab tests that fail the test when the code is absent (test/lab/diagnose.ts). */
const ASSERTING_HELPERS = new Set(['finding']);

function labTestFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return labTestFiles(p);
    return e.name.endsWith('.lab.test.ts') ? [p] : [];
  });
}

function stringsIn(node: ts.Node, out: Set<string>): void {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.add(node.text);
  node.forEachChild((c) => stringsIn(c, out));
}

/** The root call of a chain like `expect(a, msg).not.toContain(b)`, and whether `.not` is on the way. */
function chainRoot(node: ts.Expression): { root: ts.CallExpression | null; negated: boolean } {
  let negated = false;
  let e: ts.Expression = node;
  for (;;) {
    if (ts.isCallExpression(e)) {
      if (ts.isIdentifier(e.expression) && e.expression.text === 'expect') return { root: e, negated };
      e = e.expression;
    } else if (ts.isPropertyAccessExpression(e)) {
      if (e.name.text === 'not') negated = true;
      e = e.expression;
    } else return { root: null, negated };
  }
}

/** String literals a file's positive assertions mention. */
export function assertedStrings(source: string, file = 'x.ts'): Set<string> {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      if (ts.isIdentifier(node.expression) && ASSERTING_HELPERS.has(node.expression.text)) {
        for (const a of node.arguments) stringsIn(a, out);
      } else if (ts.isPropertyAccessExpression(node.expression)) {
        // A matcher call: expect(actual)…matcher(expected). Both sides count unless negated.
        const { root, negated } = chainRoot(node.expression);
        if (root && !negated) {
          for (const a of root.arguments) stringsIn(a, out);
          for (const a of node.arguments) stringsIn(a, out);
        }
      }
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return out;
}

const asserted = new Set(labTestFiles(path.join(PROJECT_ROOT, 'test')).flatMap((f) => [...assertedStrings(fs.readFileSync(f, 'utf8'), f)]));

describe('lab coverage of the checks', () => {
  it.each(ALL_CHECKS.map((c) => [c.id, c.emits] as const))('%s has a lab scenario asserting one of its codes', (_id, emits) => {
    const covered = emits.filter((code) => asserted.has(code));
    expect(covered, `none of ${emits.join(', ')} is asserted in a *.lab.test.ts file`).not.toEqual([]);
  });
});

describe('what counts as asserted', () => {
  it('counts expect chains and the finding helper, not comments, descriptions or negations', () => {
    const s = assertedStrings(`
      // 'in-a-comment' is only text
      it('in-a-title', async () => {
        expect(codes(d)).toContain('contained');
        expect(d.report.rootCause?.code, summary(d)).toBe('root-cause');
        expect(codes(d)).not.toContain('negated');
        finding(d, 'via-helper');
        const x = 'just-a-variable';
      });
    `);
    expect([...s].sort()).toEqual(['contained', 'root-cause', 'via-helper']);
  });
});
