/**
 * User-group membership for access rules that name groups: usergroups.users.list per group the
 * rules mention (scope usergroups:read), cached for a few minutes. A failed lookup keeps the last
 * known members, or none: an outage denies rather than allows.
 */
import type { webApi } from '@slack/bolt';

const TTL_MS = 5 * 60_000;

/** Caches members of the user groups access rules name. */
export class UserGroups {
  private readonly cache = new Map<string, { members: ReadonlySet<string>; at: number }>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly groups: readonly string[],
    private readonly onError: (group: string, error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  private async members(group: string): Promise<ReadonlySet<string>> {
    const hit = this.cache.get(group);
    if (hit && this.now() - hit.at < TTL_MS) return hit.members;
    try {
      const res = await this.client.usergroups.users.list({ usergroup: group });
      const members = new Set(res.users ?? []);
      this.cache.set(group, { members, at: this.now() });
      return members;
    } catch (error) {
      this.onError(group, error);
      return hit?.members ?? new Set();
    }
  }

  /** The groups (among those the rules name) that `user` belongs to. */
  async of(user: string): Promise<ReadonlySet<string>> {
    const out = new Set<string>();
    await Promise.all(this.groups.map(async (g) => {
      if ((await this.members(g)).has(user)) out.add(g);
    }));
    return out;
  }
}
