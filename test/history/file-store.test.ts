import { appendFile, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeEntry } from '../../src/history/codec.ts';
import { FileHistoryStore } from '../../src/history/file-store.ts';
import { HistoryLockedError } from '../../src/history/lock.ts';
import { fixEntry, T0 } from './fixtures.ts';

const open: FileHistoryStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => undefined);
});

async function tempFile(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), 'mm2-history-')), 'history.jsonl');
}

async function openStore(file: string, opts: Parameters<typeof FileHistoryStore.open>[1] = {}): Promise<FileHistoryStore> {
  const s = await FileHistoryStore.open(file, { now: () => T0 + 3_600_000, ...opts });
  open.push(s);
  return s;
}

describe('FileHistoryStore', () => {
  it('keeps appended entries across a close and reopen', async () => {
    const file = await tempFile();
    const s = await openStore(file);
    for (let i = 0; i < 5; i++) await s.append(fixEntry(i));
    await s.close();
    const again = await openStore(file);
    expect((await again.list('svl->confluent')).map((e) => e.durationMs)).toEqual([800, 801, 802, 803, 804]);
    expect(again.recovery).toEqual({ entries: 5, tornBytes: 0, skipped: [] });
  });

  it('lists one mirror, oldest first, the newest `limit`', async () => {
    const s = await openStore(await tempFile());
    for (let i = 0; i < 6; i++) await s.append(fixEntry(i, { mirror: i % 2 ? 'a->b' : 'svl->confluent' }));
    expect((await s.list('a->b', { limit: 2 })).map((e) => e.durationMs)).toEqual([803, 805]);
  });

  it('cuts a torn last line on open, so the next append starts on a line of its own', async () => {
    const file = await tempFile();
    await writeFile(file, encodeEntry(fixEntry(1)) + encodeEntry(fixEntry(2)).slice(0, 25));
    const s = await openStore(file);
    expect(s.recovery.tornBytes).toBe(25);
    await s.append(fixEntry(3));
    await s.close();
    const text = await readFile(file, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
    const again = await openStore(file);
    expect(again.recovery.skipped).toEqual([]);
    expect((await again.list('svl->confluent')).map((e) => e.durationMs)).toEqual([801, 803]);
  });

  it('skips a damaged line and rewrites the file without it', async () => {
    const file = await tempFile();
    await writeFile(file, encodeEntry(fixEntry(1)) + encodeEntry(fixEntry(2)).replace('"ok"', '"no"') + encodeEntry(fixEntry(3)));
    const s = await openStore(file);
    expect(s.recovery.skipped).toEqual([{ line: 2, problem: 'checksum' }]);
    expect((await s.list('svl->confluent')).map((e) => e.durationMs)).toEqual([801, 803]);
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('applies retention by count per mirror and by age, rewriting through a temp file and rename', async () => {
    const file = await tempFile();
    const s = await openStore(file, { retention: { maxEntriesPerMirror: 3, maxAgeMs: 50 * 60_000 }, compactEvery: 4 });
    // Entry 0 is 60 min old at `now` (older than 50 min); only 3 per mirror are kept.
    for (let i = 0; i < 8; i++) await s.append(fixEntry(i * 5));
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    expect((await s.list('svl->confluent')).map((e) => e.at)).toEqual([25, 30, 35].map((m) => T0 + m * 60_000));
    expect((await readdir(path.dirname(file))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('applies retention to what it finds on open', async () => {
    const file = await tempFile();
    await writeFile(file, [0, 1, 2, 3, 4].map((i) => encodeEntry(fixEntry(i))).join(''));
    const s = await openStore(file, { retention: { maxEntriesPerMirror: 2, maxAgeMs: 86_400_000 } });
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
    expect((await s.list('svl->confluent')).map((e) => e.durationMs)).toEqual([803, 804]);
  });

  it('removes a temp file left by a compaction that crashed before its rename', async () => {
    const file = await tempFile();
    await writeFile(`${file}.4242.tmp`, 'half a compaction');
    await openStore(file);
    expect(await readdir(path.dirname(file))).not.toContain('history.jsonl.4242.tmp');
  });

  it('serializes concurrent appends: every line whole, none lost', async () => {
    const file = await tempFile();
    const s = await openStore(file);
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.append(fixEntry(i))));
    await s.close();
    const again = await openStore(file);
    expect(again.recovery).toMatchObject({ entries: 50, skipped: [], tornBytes: 0 });
  });

  it('refuses a file another live process holds, and takes over the lock of a dead one', async () => {
    const file = await tempFile();
    await writeFile(`${file}.lock`, String(process.ppid));
    await expect(FileHistoryStore.open(file)).rejects.toThrow(HistoryLockedError);
    await writeFile(`${file}.lock`, '999999999');
    const s = await openStore(file);
    await s.append(fixEntry(1));
    expect(await readFile(`${file}.lock`, 'utf8')).toBe(String(process.pid));
  });

  it('refuses appends after close', async () => {
    const s = await openStore(await tempFile());
    await s.close();
    await expect(s.append(fixEntry(1))).rejects.toThrow(/closed/);
  });

  it('never reads back a line appended by hand with a wrong checksum', async () => {
    const file = await tempFile();
    await appendFile(file, `00000000 ${JSON.stringify(fixEntry(1))}\n`);
    const s = await openStore(file);
    expect(await s.list('svl->confluent')).toEqual([]);
  });
});
