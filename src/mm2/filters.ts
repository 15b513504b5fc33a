/**
 * MM2's `DefaultGroupFilter` / `DefaultTopicFilter` (connect/mirror @3.9), with explanations.
 * Each setting is a Kafka LIST; its entries are joined with `|` and compiled as one Java regex
 * (`MirrorUtils.compilePatternList`), matched against the WHOLE name (`matcher().matches()`).
 * An empty list compiles to `null` and matches nothing. Excludes take precedence over includes.
 */
import { compileJavaRegex, type JavaRegex } from './java-regex.ts';
import { parseList } from './kafka-config.ts';
import type { ReplicationPolicy } from './policy.ts';

/** `DefaultGroupFilter.GROUPS_INCLUDE_DEFAULT`. */
export const GROUPS_INCLUDE_DEFAULT = '.*';
/** `DefaultGroupFilter.GROUPS_EXCLUDE_DEFAULT`: console consumers and sink-connector groups are never checkpointed. */
export const GROUPS_EXCLUDE_DEFAULT = 'console-consumer-.*, connect-.*, __.*';
/** `DefaultTopicFilter.TOPICS_INCLUDE_DEFAULT`. */
export const TOPICS_INCLUDE_DEFAULT = '.*';
/** `DefaultTopicFilter.TOPICS_EXCLUDE_DEFAULT`. */
export const TOPICS_EXCLUDE_DEFAULT = '.*[\\-\\.]internal, .*\\.replica, __.*';

/** One include or exclude setting, parsed and compiled the way Kafka does. */
export interface PatternList {
  /** The key whose value is in effect, e.g. `groups.exclude` or the deprecated `groups.blacklist`. */
  setting: string;
  /** The string in effect (configured value or Kafka's default). */
  raw: string;
  isDefault: boolean;
  /** The LIST entries (empty entries are kept, as Kafka keeps them). */
  patterns: string[];
  /** The joined pattern compiled; `null` when the list is empty (matches nothing). */
  compiled: JavaRegex | null;
}

/** A group or topic filter as MM2 would configure it from a connector's settings. */
export interface NameFilter {
  kind: 'group' | 'topic';
  include: PatternList;
  exclude: PatternList;
}

/** Why a name is (not) selected by a filter. `selected: null` means the patterns could not be evaluated. */
export type FilterDecision =
  | { selected: true; reason: 'included'; setting: string; matchedPattern: string; isDefault: boolean }
  | { selected: false; reason: 'excluded'; setting: string; matchedPattern: string; isDefault: boolean }
  | {
      selected: false;
      reason: 'not-included';
      setting: string;
      patterns: string[];
      isDefault: boolean;
      /** The exclude list would also reject the name (fixing the include alone is not enough). */
      alsoExcludedBy?: { setting: string; matchedPattern: string; isDefault: boolean };
    }
  | {
      selected: null;
      reason: 'pattern-error';
      setting: string;
      isDefault: boolean;
      /** `invalid`: Java rejects the pattern, so MM2 cannot start; `unsupported`: we cannot evaluate it. */
      error: { kind: 'invalid' | 'unsupported'; message: string; pattern: string };
    };

/** Raw connector settings: key → value, absent keys undefined. */
export type RawSettings = Readonly<Record<string, string | undefined>>;

/** Options for reading a filter from settings. */
export interface FilterOptions {
  /** Honour the deprecated `*.blacklist` keys (Kafka < 4.0). Default true. */
  blacklistAlias?: boolean;
}

/** Compiles one LIST setting value. */
export function patternList(setting: string, raw: string, isDefault: boolean): PatternList {
  const patterns = parseList(raw);
  return { setting, raw, isDefault, patterns, compiled: patterns.length === 0 ? null : compileJavaRegex(patterns.join('|')) };
}

function fromSettings(
  settings: RawSettings,
  key: string,
  alias: string | undefined,
  fallback: string,
): PatternList {
  const v = settings[key];
  if (v !== undefined) return patternList(key, v, false);
  // ConfigUtils.translateDeprecatedConfigs: the deprecated alias applies only when the key is absent.
  const a = alias === undefined ? undefined : settings[alias];
  if (alias !== undefined && a !== undefined) return patternList(alias, a, false);
  return patternList(key, fallback, true);
}

/** The `DefaultGroupFilter` configured from `groups` / `groups.exclude` (or `groups.blacklist`). */
export function groupFilter(settings: RawSettings, opts: FilterOptions = {}): NameFilter {
  const alias = opts.blacklistAlias === false ? undefined : 'groups.blacklist';
  return {
    kind: 'group',
    include: fromSettings(settings, 'groups', undefined, GROUPS_INCLUDE_DEFAULT),
    exclude: fromSettings(settings, 'groups.exclude', alias, GROUPS_EXCLUDE_DEFAULT),
  };
}

/** The `DefaultTopicFilter` configured from `topics` / `topics.exclude` (or `topics.blacklist`). */
export function topicFilter(settings: RawSettings, opts: FilterOptions = {}): NameFilter {
  const alias = opts.blacklistAlias === false ? undefined : 'topics.blacklist';
  return {
    kind: 'topic',
    include: fromSettings(settings, 'topics', undefined, TOPICS_INCLUDE_DEFAULT),
    exclude: fromSettings(settings, 'topics.exclude', alias, TOPICS_EXCLUDE_DEFAULT),
  };
}

/** Problems with a filter's patterns (invalid Java regexes make the connector fail at start). */
export function filterErrors(filter: NameFilter): Array<{ setting: string; kind: 'invalid' | 'unsupported'; message: string; pattern: string }> {
  const out = [];
  for (const list of [filter.include, filter.exclude]) {
    if (list.compiled && !list.compiled.ok) {
      out.push({ setting: list.setting, kind: list.compiled.kind, message: list.compiled.message, pattern: list.compiled.pattern });
    }
  }
  return out;
}

const entryCache = new WeakMap<PatternList, Array<{ pattern: string; compiled: JavaRegex }>>();
function entriesOf(list: PatternList): Array<{ pattern: string; compiled: JavaRegex }> {
  let e = entryCache.get(list);
  if (!e) {
    e = list.patterns.map((pattern) => ({ pattern, compiled: compileJavaRegex(pattern) }));
    entryCache.set(list, e);
  }
  return e;
}

type Match = { matched: true; pattern: string } | { matched: false } | { error: JavaRegex & { ok: false } };

function match(list: PatternList, name: string): Match {
  if (list.compiled === null) return { matched: false };
  if (!list.compiled.ok) return { error: list.compiled };
  if (!list.compiled.regex.test(name)) return { matched: false };
  // Attribute the match to one entry when an entry matches on its own; entries can interact
  // (an inline flag or a group spanning a comma), so fall back to the joined pattern.
  for (const { pattern, compiled } of entriesOf(list)) {
    if (compiled.ok && compiled.regex.test(name)) return { matched: true, pattern };
  }
  return { matched: true, pattern: list.compiled.pattern };
}

/** Explains the decision of `filter` for `name` (DefaultGroupFilter/DefaultTopicFilter `shouldReplicate…`). */
export function explainName(filter: NameFilter, name: string): FilterDecision {
  const { include, exclude } = filter;
  // A pattern Java rejects fails the connector's configure(), whichever name is asked about.
  for (const list of [include, exclude]) {
    if (list.compiled && !list.compiled.ok && list.compiled.kind === 'invalid') {
      return patternError(list, list.compiled);
    }
  }
  const inc = match(include, name);
  if ('error' in inc) return patternError(include, inc.error);
  const exc = match(exclude, name);
  if (!inc.matched) {
    const base = { selected: false as const, reason: 'not-included' as const, setting: include.setting, patterns: include.patterns, isDefault: include.isDefault };
    return 'matched' in exc && exc.matched
      ? { ...base, alsoExcludedBy: { setting: exclude.setting, matchedPattern: exc.pattern, isDefault: exclude.isDefault } }
      : base;
  }
  if ('error' in exc) return patternError(exclude, exc.error);
  if (exc.matched) {
    return { selected: false, reason: 'excluded', setting: exclude.setting, matchedPattern: exc.pattern, isDefault: exclude.isDefault };
  }
  return { selected: true, reason: 'included', setting: include.setting, matchedPattern: inc.pattern, isDefault: include.isDefault };
}

function patternError(list: PatternList, err: JavaRegex & { ok: false }): FilterDecision {
  return {
    selected: null,
    reason: 'pattern-error',
    setting: list.setting,
    isDefault: list.isDefault,
    error: { kind: err.kind, message: err.message, pattern: err.pattern },
  };
}

/** Why the checkpoint connector does (not) consider a consumer group (`DefaultGroupFilter`). */
export function explainGroup(filter: NameFilter, group: string): FilterDecision {
  return explainName(filter, group);
}

/** Why a topic passes (or not) the `DefaultTopicFilter`; the checkpoint connector applies it to source topic names. */
export function explainTopic(filter: NameFilter, topic: string): FilterDecision {
  return explainName(filter, topic);
}

/** Whether MirrorSourceConnector replicates a topic, and which rule decided. */
export interface ReplicationDecision {
  replicated: boolean | null;
  reason: 'included' | 'heartbeats' | 'filtered-out' | 'internal' | 'cycle' | 'pattern-error';
  filter: FilterDecision;
  heartbeats: boolean;
  internal: boolean;
  cycle: boolean;
}

/** Context of a MirrorSourceConnector for {@link explainTopicReplication}. */
export interface SourceConnectorContext {
  topicFilter: NameFilter;
  policy: ReplicationPolicy;
  targetAlias: string;
}

/** `MirrorSourceConnector.isCycle` @3.9: does the topic (transitively) come from the target cluster? */
export function isCycle(policy: ReplicationPolicy, targetAlias: string, topic: string): boolean {
  let current = topic;
  for (let hops = 0; hops < 1000; hops++) {
    const source = policy.topicSource(current);
    if (source === null) return false;
    if (source === targetAlias) return true;
    const up = policy.upstreamTopic(current);
    // Extra check for IdentityReplicationPolicy-like policies that cannot detect cycles.
    if (up === null || up === current) return false;
    current = up;
  }
  return false;
}

/**
 * `MirrorSourceConnector.shouldReplicateTopic` @3.9:
 * `(topicFilter.shouldReplicateTopic(t) || isHeartbeatsTopic(t)) && !isInternalTopic(t) && !isCycle(t)`.
 * Without replication there are no offset syncs for the topic, hence no checkpoints.
 */
export function explainTopicReplication(ctx: SourceConnectorContext, topic: string): ReplicationDecision {
  const filter = explainTopic(ctx.topicFilter, topic);
  const heartbeats = ctx.policy.isHeartbeatsTopic(topic);
  const internal = ctx.policy.isInternalTopic(topic);
  const cycle = isCycle(ctx.policy, ctx.targetAlias, topic);
  const base = { filter, heartbeats, internal, cycle };
  if (!heartbeats) {
    if (filter.selected === null) return { ...base, replicated: null, reason: 'pattern-error' };
    if (!filter.selected) return { ...base, replicated: false, reason: 'filtered-out' };
  }
  if (internal) return { ...base, replicated: false, reason: 'internal' };
  if (cycle) return { ...base, replicated: false, reason: 'cycle' };
  return { ...base, replicated: true, reason: filter.selected === true ? 'included' : 'heartbeats' };
}
