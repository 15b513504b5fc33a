/**
 * The App Home overview (issue 11): per mirror a person may see, its last diagnosis or why there is
 * none, failover readiness, the last digest that showed it and its open incident. {@link HomeBoard}
 * keeps the newest result of each mirror the Home has seen and refreshes the mirrors a Home shows
 * through the one re-diagnose loop ({@link diagnoseEach}: a few at a time, reusing a diagnosis
 * younger than `monitor.reuseSeconds`), so opening the Home often does not read the clusters often.
 * Transport-neutral: the caller decides which mirrors are visible (access rules) and draws the
 * overview (src/render/slack/home.ts).
 *
 * @example
 * const board = new HomeBoard({ doctor: reusingDoctor(doctor, 30_000), logError });
 * show(board.overview(visible, activity, { refreshing: true }));   // at once
 * await board.refresh(visible);
 * show(board.overview(visible, activity));                          // then this
 */
import type { Diagnosis, Doctor, MirrorRef } from '../model/diagnosis.ts';
import type { FindingCode, Verdict } from '../model/finding.ts';
import { quietStateOf, type QuietState } from '../model/report.ts';
import { verdictRank } from '../model/verdict.ts';
import { DEFAULT_CONCURRENCY, diagnoseEach } from './loop.ts';

/** Mirrors a Home shows in full (one block each; a Home view holds at most 100 blocks). */
export const HOME_ROWS = 40;

/** A digest as the schedules last posted it: where, when, and the mirrors it showed. */
export interface DigestSeen {
  name: string;
  channel: string;
  ts: string;
  at: number;
  mirrors: readonly string[];
}

/** An open incident on a mirror: an alert the schedules opened, or a watch running in a thread. */
export interface IncidentSeen {
  kind: 'alert' | 'watch';
  mirror: string;
  channel: string;
  /** The alert message or the watch's thread; `null` while an alert is being posted. */
  ts: string | null;
  since: number;
  /** The alert's `INC-…` id. */
  id?: string;
  /** When a watch ends. */
  until?: number;
}

/** What the bot's schedules and watches know about recent posts (src/schedule/activity.ts). */
export interface Activity {
  digests: DigestSeen[];
  incidents: IncidentSeen[];
}

export const NO_ACTIVITY: Activity = { digests: [], incidents: [] };

/** A mirror's result as the Home shows it. */
export type HomeStatus =
  | { kind: 'none' }
  | {
      kind: 'diagnosed';
      /** When the facts were gathered. */
      at: number;
      verdict: Verdict;
      rootCause: { code: FindingCode; title: string } | null;
      quiet: QuietState;
      failover: { ready: number; total: number } | null;
    }
  /** The diagnosis itself failed (an internal error, logged under `ref`): this mirror's error, not the Home's. */
  | { kind: 'failed'; at: number; ref: string };

/** One mirror on the Home. */
export interface HomeRow {
  mirror: MirrorRef;
  status: HomeStatus;
  /** A diagnosis of it is under way. */
  refreshing: boolean;
  digest: DigestSeen | null;
  incident: IncidentSeen | null;
}

/** What a Home shows. */
export interface HomeOverview {
  /** When it was drawn. */
  at: number;
  rows: HomeRow[];
  /** Visible mirrors not shown (beyond {@link HOME_ROWS}). */
  more: number;
  /** How young a result is reused instead of read again (seconds). */
  reuseSeconds: number;
}

/** The Home's reading of a diagnosis. */
export function homeStatusOf(d: Diagnosis, now: number): HomeStatus {
  const { report } = d;
  const root = report.rootCause;
  const s = d.failover?.summary;
  return {
    kind: 'diagnosed',
    at: now - (d.ageMs ?? 0),
    verdict: report.verdict,
    rootCause: root ? { code: root.code, title: root.title } : null,
    quiet: quietStateOf(report.findings),
    failover: s ? { ready: s.ready, total: s.total } : null,
  };
}

/** The newest digest that showed `mirror`. */
function digestOf(activity: Activity, mirror: string): DigestSeen | null {
  let best: DigestSeen | null = null;
  for (const d of activity.digests) if (d.mirrors.includes(mirror) && (!best || d.at > best.at)) best = d;
  return best;
}

/** The open incident of `mirror`: an alert before a watch, the oldest first. */
function incidentOf(activity: Activity, mirror: string): IncidentSeen | null {
  const mine = activity.incidents.filter((i) => i.mirror === mirror);
  mine.sort((a, b) => (a.kind === b.kind ? a.since - b.since : a.kind === 'alert' ? -1 : 1));
  return mine[0] ?? null;
}

/** Worst known verdict first; a failed diagnosis counts as `unknown`, a mirror without a result after those with one. */
function rank(s: HomeStatus | undefined): number {
  if (!s || s.kind === 'none') return -1;
  return verdictRank(s.kind === 'failed' ? 'unknown' : s.verdict);
}

/** Options of {@link HomeBoard}. */
export interface HomeBoardOptions {
  /** The Doctor Home diagnoses go through; a reusing one (src/monitor/reuse.ts) keeps reopening cheap. */
  doctor: Doctor;
  /** `monitor.reuseSeconds`, shown on the Home. */
  reuseSeconds?: number;
  /** Logs a failed diagnosis; returns the reference the Home shows. */
  logError(error: unknown): string;
  concurrency?: number;
  rows?: number;
  now?: () => number;
}

/** The newest result per mirror, and the overviews drawn from it. */
export class HomeBoard {
  private readonly latest = new Map<string, HomeStatus>();
  private readonly now: () => number;

  constructor(private readonly opts: HomeBoardOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The mirrors of `visible` a Home shows: the worst known first, then by name. */
  shown(visible: readonly MirrorRef[]): MirrorRef[] {
    const sorted = [...visible].sort((a, b) => rank(this.latest.get(b.name)) - rank(this.latest.get(a.name)) || a.name.localeCompare(b.name));
    return sorted.slice(0, this.opts.rows ?? HOME_ROWS);
  }

  /** The overview from what is known now; `refreshing` marks the shown mirrors (a refresh is about to start) or those named. */
  overview(visible: readonly MirrorRef[], activity: Activity, opts: { refreshing?: boolean | ReadonlySet<string> } = {}): HomeOverview {
    const shown = this.shown(visible);
    const busy = (name: string) => (opts.refreshing instanceof Set ? opts.refreshing.has(name) : opts.refreshing === true);
    return {
      at: this.now(),
      rows: shown.map((mirror) => ({
        mirror,
        status: this.latest.get(mirror.name) ?? { kind: 'none' },
        refreshing: busy(mirror.name),
        digest: digestOf(activity, mirror.name),
        incident: incidentOf(activity, mirror.name),
      })),
      more: visible.length - shown.length,
      reuseSeconds: this.opts.reuseSeconds ?? 0,
    };
  }

  /** Diagnoses the shown mirrors of `visible`, a few at a time (the Doctor may reuse recent results); never rejects. */
  async refresh(visible: readonly MirrorRef[]): Promise<void> {
    const names = this.shown(visible).map((m) => m.name);
    await diagnoseEach(this.opts.doctor, names, {
      concurrency: this.opts.concurrency ?? DEFAULT_CONCURRENCY,
      now: this.now,
      onResult: (r) => {
        this.latest.set(r.mirror, r.ok ? homeStatusOf(r.diagnosis, this.now()) : { kind: 'failed', at: r.at, ref: this.opts.logError(r.error) });
      },
    });
  }

  /** Records a diagnosis run elsewhere (the Home's Diagnose button). */
  record(mirror: string, d: Diagnosis): void {
    this.latest.set(mirror, homeStatusOf(d, this.now()));
  }

  /** Records a diagnosis that failed elsewhere, with the reference its error was logged under. */
  fail(mirror: string, ref: string): void {
    this.latest.set(mirror, { kind: 'failed', at: this.now(), ref });
  }
}
