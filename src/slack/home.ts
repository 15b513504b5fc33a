/**
 * The App Home tab (issue 11). On `app_home_opened` (tab `home`) the bot publishes, for that
 * person, every mirror the access rules let them ask about (`diagnose`, in their DM with the bot:
 * the channel a rule names for the Home, as for DMs), never the others. It publishes at once from
 * what it already knows, marked "refreshing…", then diagnoses the mirrors shown through
 * src/monitor/home.ts (a few at a time, reusing results younger than `monitor.reuseSeconds`) and
 * publishes again. One refresh per person at a time: reopening during one asks for one more after it.
 *
 * The Diagnose button runs `diagnose <mirror>` for whoever clicked, through the runner (access
 * checked, audited with via `home`, a fresh read like any interactive command), and answers in the
 * person's DM with the bot (a placeholder, then the answer; a denial only to them), where it stays
 * to be read and shared; the Home's row is updated with the result. The DM's channel travels in the
 * view's private_metadata, which Slack hands back with every click.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackEventMiddlewareArgs, webApi } from '@slack/bolt';
import type { MirrorRef } from '../model/diagnosis.ts';
import type { Activity, HomeBoard, IncidentSeen } from '../monitor/home.ts';
import { NO_ACTIVITY } from '../monitor/home.ts';
import { renderHome, type HomeNote } from '../render/slack/home.ts';
import type { Caller } from '../runtime/access.ts';
import { errorRef } from '../runtime/runner.ts';
import { quoteToken } from '../runtime/text.ts';
import type { SlackDeps } from './deps.ts';
import { runOn } from './present.ts';
import { ChannelSurface } from './reply.ts';

/** The command the Home shows and its button runs; access rules are checked for it. */
const COMMAND = 'diagnose';

/** What the Home needs besides the listeners' shared deps. */
export interface HomeDeps {
  board: HomeBoard;
  /** The last digests and open alert incidents (the schedules), if they run. */
  activity(): Promise<Activity>;
  /** Watches running now: an incident thread on their mirror. */
  watches(): IncidentSeen[];
  warn(message: string): void;
}

/** The Home of one person as last drawn for them. */
interface Viewer {
  user: string;
  /** Their DM with the bot. */
  channel: string;
}

type OpenedArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;
type ClickArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The Home's listeners: {@link HomeTab.onOpened} and {@link HomeTab.onDiagnose}. */
export class HomeTab {
  /** People whose Home is being refreshed, and those who opened it again meanwhile. */
  private readonly refreshing = new Set<string>();
  private readonly again = new Set<string>();

  constructor(private readonly deps: SlackDeps, private readonly home: HomeDeps) {}

  /** `app_home_opened`: publish what is known now, refresh the mirrors shown, publish again. */
  onOpened() {
    return async ({ event, client }: OpenedArgs): Promise<void> => {
      if (event.tab !== 'home' || this.deps.seen(`home:${event.user}:${event.event_ts}`)) return;
      const viewer = { user: event.user, channel: event.channel };
      // Opened again during a refresh: one more refresh follows it (from reused results, mostly).
      if (this.refreshing.has(viewer.user)) {
        this.again.add(viewer.user);
        return;
      }
      this.refreshing.add(viewer.user);
      await this.deps.inflight.run(async () => {
        try {
          do await this.refresh(client, viewer);
          while (this.again.delete(viewer.user));
        } finally {
          this.refreshing.delete(viewer.user);
        }
      });
    };
  }

  /** The Diagnose button: the answer in the person's DM with the bot, the Home's row updated. */
  onDiagnose() {
    return async ({ ack, action, body, client }: ClickArgs): Promise<void> => {
      await ack();
      const viewer = { user: body.user.id, channel: channelOf(body.view?.private_metadata) ?? body.user.id };
      const mirror = action.value ?? '';
      await this.deps.inflight.run(async () => {
        const visible = await this.visible(viewer);
        if (visible.some((m) => m.name === mirror)) await this.publish(client, viewer, visible, { refreshing: new Set([mirror]) }, { kind: 'diagnosing', mirror });
        const surface = new ChannelSurface(client, viewer.channel, this.deps.surface, { asker: viewer.user });
        const outcome = await runOn(surface, this.deps, { text: `${COMMAND} ${quoteToken(mirror)}`, via: 'home', user: viewer.user, channel: viewer.channel }, { ephemeral: false });
        const r = outcome.result;
        if (r.kind === 'diagnosis') this.home.board.record(r.diagnosis.report.mirror.name, r.diagnosis);
        else if (r.kind === 'error') this.home.board.fail(mirror, r.ref);
        // A denial went to the person alone (ephemeral in the DM); the Home just drops the mirror if it is hidden now.
        const note: HomeNote | undefined = r.kind === 'diagnosis' ? { kind: 'diagnosed', mirror } : r.kind === 'denied' ? undefined : { kind: 'answered', mirror };
        await this.publish(client, viewer, await this.visible(viewer), {}, note);
      });
    };
  }

  private async refresh(client: webApi.WebClient, viewer: Viewer): Promise<void> {
    const visible = await this.visible(viewer);
    await this.publish(client, viewer, visible, { refreshing: true });
    await this.home.board.refresh(visible);
    await this.publish(client, viewer, visible, {});
  }

  /** The mirrors `viewer` may ask about on their Home; none when they may not use `diagnose` there. */
  private async visible(viewer: Viewer): Promise<MirrorRef[]> {
    const { policy, doctor } = this.deps.runner;
    const caller: Caller = { user: viewer.user, channel: viewer.channel, groups: policy.usergroups.length > 0 ? await this.deps.groups(viewer.user) : new Set() };
    if (!policy.mayUse(caller, COMMAND).allowed) return [];
    return doctor.mirrors().filter((m) => policy.mayAsk(caller, COMMAND, m).allowed);
  }

  private async activity(): Promise<Activity> {
    const fromSchedules = await this.home.activity().catch((e: unknown) => {
      this.home.warn(`App Home: schedule activity unavailable: ${String(e)}`);
      return NO_ACTIVITY;
    });
    return { digests: fromSchedules.digests, incidents: [...fromSchedules.incidents, ...this.home.watches()] };
  }

  private async publish(client: webApi.WebClient, viewer: Viewer, visible: MirrorRef[], opts: { refreshing?: boolean | ReadonlySet<string> }, note?: HomeNote): Promise<void> {
    const overview = this.home.board.overview(visible, await this.activity(), opts);
    const view = this.deps.surface.redactor.deep({ ...renderHome(overview, note ? { note } : {}), private_metadata: JSON.stringify({ channel: viewer.channel }) });
    try {
      await client.views.publish({ user_id: viewer.user, view });
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      this.home.warn(`views.publish for ${viewer.user} failed: ${code ?? String(error)}`);
    }
  }
}

/** The DM channel a Home view carries (set by {@link HomeTab}); undefined for anything else. */
function channelOf(metadata: string | undefined): string | undefined {
  try {
    const v = JSON.parse(metadata ?? '') as { channel?: unknown };
    return typeof v.channel === 'string' && v.channel !== '' ? v.channel : undefined;
  } catch {
    return undefined;
  }
}

/** A failed Home diagnosis's reference, logged like the runner's internal errors. */
export function homeErrorRef(log: (ref: string, message: string) => void, redact: (s: string) => string): (error: unknown) => string {
  return (error) => {
    const ref = errorRef();
    log(ref, redact(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    return ref;
  };
}
