/**
 * kill -9 while a real child process appends: every append the child acknowledged is in the file
 * when it is reopened, and a torn last line (what a crash inside write() leaves) is detected, cut
 * off and never read as an entry.
 */
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { encodeEntry } from '../../src/history/codec.ts';
import { FileHistoryStore } from '../../src/history/file-store.ts';
import { fixEntry } from './fixtures.ts';

const CHILD = path.resolve('test/history/append-child.ts');

interface Run {
  acked: number[];
  /** What the child's open found: entries and torn bytes. */
  opened: { entries: number; tornBytes: number };
}

/** Runs the child until it has acknowledged `acks` appends, then SIGKILLs it. */
async function appendThenKill(file: string, from: number, acks: number): Promise<Run> {
  // `node --import tsx`, not the tsx binary: that one runs the script in a grandchild the kill would miss.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, String(from)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const run: Run = { acked: [], opened: { entries: -1, tornBytes: -1 } };
  for await (const line of createInterface({ input: child.stdout })) {
    const open = /^open (\d+) (\d+)$/.exec(line);
    if (open) run.opened = { entries: Number(open[1]), tornBytes: Number(open[2]) };
    const ack = /^ack (\d+)$/.exec(line);
    if (ack) run.acked.push(Number(ack[1]));
    if (run.acked.length === acks) child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  return run;
}

it('loses no acknowledged entry when the writer is killed with SIGKILL, and skips a torn tail', async () => {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'mm2-history-kill-')), 'history.jsonl');

  const first = await appendThenKill(file, 0, 150);
  // A crash inside write() leaves the start of a line without its newline.
  const torn = encodeEntry(fixEntry(999)).slice(0, 40);
  await appendFile(file, torn);

  // The next writer takes over the dead process's lock and starts after the last whole line.
  const second = await appendThenKill(file, 100_000, 50);
  expect(second.opened.entries).toBeGreaterThanOrEqual(150);
  expect(second.opened.tornBytes).toBeGreaterThanOrEqual(torn.length);

  const store = await FileHistoryStore.open(file);
  try {
    const seen = (await store.list('svl->confluent')).map((e) => e.durationMs);
    for (const n of [...first.acked, ...second.acked]) expect(seen.filter((v) => v === n), `entry ${n}`).toHaveLength(1);
    expect(seen).not.toContain(fixEntry(999).durationMs);
    // Nothing was glued to the torn fragment: every whole line decodes.
    expect(store.recovery.skipped).toEqual([]);
  } finally {
    await store.close();
  }
}, 60_000);
