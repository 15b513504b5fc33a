/** waitForLog: literal text or a pattern, only after the given byte, and a failure that shows the log. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForLog } from '../../src/lab/jvm.ts';

async function logFile(text: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wait-for-log-'));
  const file = path.join(dir, 'connect.log');
  await fs.writeFile(file, text);
  return file;
}

describe('waitForLog', () => {
  it('matches literal text, brackets and dots included, once it is written', async () => {
    const file = await logFile('INFO starting\n');
    const waiting = waitForLog(file, 'checkpointing 1 consumer groups a->b: [a-app].', { timeoutMs: 5_000, what: 'the task' });
    setTimeout(() => void fs.appendFile(file, 'INFO task-thread-0 checkpointing 1 consumer groups a->b: [a-app].\n'), 200);
    await expect(waiting).resolves.toBeUndefined();
  });

  it('takes a literal as text, not as a regular expression', async () => {
    const file = await logFile('checkpointing 1 consumer groups a->b: a\n');
    await expect(waitForLog(file, 'groups a->b: [a-app]', { timeoutMs: 300, what: 'the task' })).rejects.toThrow(/the task: not within 300 ms/);
  });

  it('ignores what was logged before `from`, and fails with the tail of the log', async () => {
    const before = 'Started x.MirrorCheckpointConnector with 0 consumer groups.\n';
    const file = await logFile(`${before}INFO something else\n`);
    const err = await waitForLog(file, /with 0 consumer groups/, { from: before.length, timeoutMs: 300, what: 'zero groups logged' }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`zero groups logged: not within 300 ms. Last log lines of ${file}:`);
    expect((err as Error).message).toContain('INFO something else');
    expect((err as Error).message).not.toContain('Started x');
  });
});
