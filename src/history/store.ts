/** The history store contract every backend implements, and the Doctor decorator that feeds it. */
import type { DiagnoseOptions, Diagnosis, Doctor, MirrorRef } from '../model/diagnosis.ts';
import { historyEntryOf, type HistoryEntry, type HistoryOrigin } from './entry.ts';

/** Where diagnosis results are kept. */
export interface HistoryStore {
  /** Resolves once the entry is durable (for the file store: written and fsync'd). */
  append(entry: HistoryEntry): Promise<void>;
  /** One mirror's entries, oldest first; `limit` keeps the newest ones. */
  list(mirror: string, opts?: { limit?: number }): Promise<HistoryEntry[]>;
  close(): Promise<void>;
}

/** Reports a failed history write; diagnoses never fail because history could not be written. */
export type HistoryErrorSink = (error: unknown) => void;

/**
 * A Doctor that records every diagnosis it returns in `store` (tagged with `origin`), so chat
 * commands, watches, digests and alerts all land in history without knowing about it.
 */
export function recordingDoctor(doctor: Doctor, store: HistoryStore, origin: HistoryOrigin, opts: { now?: () => number; onError?: HistoryErrorSink } = {}): Doctor {
  const now = opts.now ?? Date.now;
  // A diagnosis reused by several callers (single-flight, monitor.reuseSeconds) is one observation:
  // recorded once. A reused diagnosis carries the very facts object of the gathering it reuses.
  const recorded = new WeakSet<object>();
  return {
    mirrors: () => doctor.mirrors(),
    resolve: (name) => doctor.resolve(name),
    async diagnose(mirror: MirrorRef, dopts?: DiagnoseOptions): Promise<Diagnosis> {
      const d = await doctor.diagnose(mirror, dopts);
      if (recorded.has(d.facts)) return d;
      recorded.add(d.facts);
      await store.append(historyEntryOf(d, origin, now())).catch((e: unknown) => opts.onError?.(e));
      return d;
    },
    close: () => doctor.close(),
  };
}
