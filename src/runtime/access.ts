/**
 * Who may ask about which mirror, where: the `access:` rules of the config, as a pure decision.
 * A request is allowed when one rule matches all of who (users or user groups), where (channels),
 * what (mirrors or clusters) and which command. No `access:` section means everyone may ask.
 */
import type { MirrorRef } from '../model/diagnosis.ts';

/** One `access.rules[]` entry; an absent list matches anything. Slack ids, not names. */
export interface AccessRule {
  /** Channel ids (C…, G…, D…). */
  channels?: readonly string[];
  /** User ids (U…, W…). */
  users?: readonly string[];
  /** User group ids (S…); members are looked up with usergroups.users.list. */
  usergroups?: readonly string[];
  /** Mirror names (`svl->confluent`) or source aliases (`svl`); `*` for all. */
  mirrors?: readonly string[];
  /** Cluster aliases; a mirror matches when its source or target is listed. */
  clusters?: readonly string[];
  /** Subcommand names; `help` is always allowed. */
  commands?: readonly string[];
}

/** Who asks, from where; `groups` are the caller's user groups among those the rules name. */
export interface Caller {
  user: string;
  channel: string;
  groups: ReadonlySet<string>;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

/** The decision procedure for a set of rules (`null` = no `access:` section: open). */
export interface AccessPolicy {
  /** User groups the rules mention, so adapters look up only those. */
  readonly usergroups: readonly string[];
  /** May the caller run `command` at all (before any mirror is named)? */
  mayUse(caller: Caller, command: string): AccessDecision;
  /** May the caller ask about `mirror` with `command`? */
  mayAsk(caller: Caller, command: string, mirror: MirrorRef): AccessDecision;
}

const listed = (list: readonly string[] | undefined, value: string) => list === undefined || list.includes(value) || list.includes('*');

function who(rule: AccessRule, caller: Caller): boolean {
  if (rule.users === undefined && rule.usergroups === undefined) return true;
  return (rule.users?.includes(caller.user) ?? false) || (rule.usergroups?.some((g) => caller.groups.has(g)) ?? false);
}

function what(rule: AccessRule, mirror: MirrorRef): boolean {
  if (rule.mirrors === undefined && rule.clusters === undefined) return true;
  const byMirror = rule.mirrors?.some((m) => m === '*' || m === mirror.name || m === mirror.sourceAlias) ?? false;
  const byCluster = rule.clusters?.some((c) => c === '*' || c === mirror.sourceAlias || c === mirror.targetAlias) ?? false;
  return byMirror || byCluster;
}

/** Builds the policy; `rules === undefined` allows everything. */
export function createAccessPolicy(rules: readonly AccessRule[] | undefined): AccessPolicy {
  if (rules === undefined) {
    return { usergroups: [], mayUse: () => ({ allowed: true }), mayAsk: () => ({ allowed: true }) };
  }
  const base = (caller: Caller, command: string) =>
    rules.filter((r) => who(r, caller) && listed(r.channels, caller.channel) && (command === 'help' || listed(r.commands, command)));
  return {
    usergroups: [...new Set(rules.flatMap((r) => r.usergroups ?? []))],
    mayUse(caller, command) {
      if (command === 'help' || base(caller, command).length > 0) return { allowed: true };
      return { allowed: false, reason: `You may not use ${command === '' ? 'mm2-doctor' : `\`${command}\``} here: no access rule in the mm2-doctor config lets you ask in this conversation.` };
    },
    mayAsk(caller, command, mirror) {
      if (base(caller, command).some((r) => what(r, mirror))) return { allowed: true };
      return { allowed: false, reason: `You may not ask about ${mirror.name} here: no access rule in the mm2-doctor config lets you.` };
    },
  };
}
