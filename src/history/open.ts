/** Opens the history store the config asks for (the embedded file store, in the state directory by default). */
import path from 'node:path';
import { HISTORY_DEFAULTS, retentionOf, type HistoryConfig } from './config.ts';
import { FileHistoryStore } from './file-store.ts';

/** The file store at `history.file`, else `<stateDir>/history.jsonl`. */
export function openHistory(config: { history?: HistoryConfig | undefined }, stateDir: string): Promise<FileHistoryStore> {
  const h = config.history ?? HISTORY_DEFAULTS;
  return FileHistoryStore.open(h.file ?? path.join(stateDir, 'history.jsonl'), { retention: retentionOf(h) });
}
