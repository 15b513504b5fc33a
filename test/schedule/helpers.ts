/** Schedules under test: the Slack emulator behind the real poster, memory state, a switchable leader. */
import { webApi } from '@slack/bolt';
import { createRedactor } from '../../src/runtime/redact.ts';
import { LeaderFlag, type Leadership } from '../../src/coordination/leadership.ts';
import { MemoryState, type SharedState } from '../../src/coordination/state.ts';
import type { Diagnosis, Doctor } from '../../src/model/diagnosis.ts';
import type { JobDeps } from '../../src/schedule/jobs.ts';
import { slackPoster, type Poster } from '../../src/schedule/poster.ts';
import { SlackEmulator } from '../slack-emulator/index.ts';
import type { StoredMessage } from '../slack-emulator/index.ts';
import { FakeDoctor, SVL } from '../slack/fake-doctor.ts';

/** A leader role the test hands out and takes back. */
export class TestLeadership implements Leadership {
  readonly flag = new LeaderFlag();
  confirmations = 0;

  constructor(leader = true) {
    this.flag.set(leader);
  }

  isLeader = (): boolean => this.flag.get();
  confirm = async (): Promise<boolean> => {
    this.confirmations += 1;
    return this.flag.get();
  };
  onChange = (fn: (leader: boolean) => void): (() => void) => this.flag.subscribe(fn);
  close = async (): Promise<void> => undefined;
}

/** The emulator and a poster over a real WebClient pointed at it. */
export async function startSlack(): Promise<{ emu: SlackEmulator; poster: Poster; client: webApi.WebClient; warnings: string[] }> {
  const emu = await SlackEmulator.start({ rateLimit: { perSecond: 100, burst: 100 } });
  const client = new webApi.WebClient(emu.botToken, { slackApiUrl: emu.apiUrl });
  const warnings: string[] = [];
  return { emu, client, warnings, poster: slackPoster(client, { redactor: createRedactor([]), warn: (m) => warnings.push(m) }) };
}

/** A Doctor whose answer for svl->confluent the test changes as it goes. */
export class SwitchDoctor {
  current: Diagnosis;
  readonly doctor: FakeDoctor;

  constructor(first: Diagnosis) {
    this.current = first;
    this.doctor = FakeDoctor.of([[SVL, () => this.current]]);
  }
}

/** Job deps over the emulator. */
export function jobDeps(doctor: Doctor, poster: Poster, o: { state?: SharedState; leadership?: Leadership; now?: () => number } = {}): JobDeps & { logs: string[] } {
  const logs: string[] = [];
  const line = (level: string) => (...m: unknown[]) => void logs.push(`${level} ${m.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')}`);
  return {
    doctor,
    poster,
    state: o.state ?? new MemoryState(),
    leadership: o.leadership ?? new TestLeadership(),
    now: o.now ?? Date.now,
    log: { info: line('info'), warn: line('warn'), error: line('error') },
    errorRef: (e) => {
      logs.push(`ref ${String(e)}`);
      return 'ref0';
    },
    logs,
  };
}

/** The block_ids of a message. */
export function blockIds(m: StoredMessage): string[] {
  return ((m.blocks ?? []) as { block_id?: string }[]).map((b) => b.block_id ?? '').filter(Boolean);
}

/** Every text in a message's blocks, as one string. */
export function blockText(m: Pick<StoredMessage, 'blocks' | 'text'>): string {
  return `${m.text}\n${JSON.stringify(m.blocks ?? [])}`;
}
