/**
 * Child process for the kill -9 test: appends history entries in a loop and prints `ack <n>` on
 * stdout once each append resolved (written and fsync'd); entry n has durationMs n.
 * Usage: tsx append-child.ts <file> <first n>
 */
import { FileHistoryStore } from '../../src/history/file-store.ts';

const [file, from = '0'] = process.argv.slice(2);
if (!file) throw new Error('usage: append-child.ts <file> <first n>');
const store = await FileHistoryStore.open(file);
process.stdout.write(`open ${store.recovery.entries} ${store.recovery.tornBytes}\n`);
for (let n = Number(from); ; n++) {
  await store.append({ mirror: 'svl->confluent', at: Date.now(), verdict: n % 2 ? 'ok' : 'critical', rootCause: n % 2 ? null : 'no-consumer-groups', findings: [], durationMs: n, origin: 'digest' });
  process.stdout.write(`ack ${n}\n`);
}
