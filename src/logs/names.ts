/**
 * Pulls MM2 names out of log text: flows (`svl->confluent`), connector names, consumer-group
 * lists, and which internal topic a topic name is. Linear scans, no backtracking regexes.
 */

const MAX_ALIAS = 120;

/** `[A-Za-z0-9_.-]`, by char code (this runs for every character around every `->`). */
function aliasChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

/** Every `source->target` flow in `text`, as written in connector names, client ids and messages. */
export function flowsIn(text: string): string[] {
  const out: string[] = [];
  let at = text.indexOf('->');
  while (at >= 0) {
    let l = at;
    while (l > 0 && at - l < MAX_ALIAS && aliasChar(text.charCodeAt(l - 1))) l--;
    let r = at + 2;
    while (r < text.length && r - at < MAX_ALIAS && aliasChar(text.charCodeAt(r))) r++;
    // Connect prefixes thread and client names: `task-thread-<connector>`, `connector-producer-<connector>`.
    const source = text
      .slice(l, at)
      .replace(/^(?:task-thread|connector-thread|connector-(?:dlq-)?(?:producer|consumer|admin))-/, '')
      .replace(/^[-.]+/, '');
    let target = text.slice(at + 2, r);
    // Strimzi and MM2 name connectors `<source>-><target>.<ConnectorClass>`.
    const cls = target.indexOf('.Mirror');
    if (cls >= 0) target = target.slice(0, cls);
    target = target.replace(/[-.]+$/, '');
    if (/[A-Za-z0-9]/.test(source) && /[A-Za-z0-9]/.test(target)) {
      const flow = `${source}->${target}`;
      if (!out.includes(flow)) out.push(flow);
    }
    at = text.indexOf('->', at + 2);
  }
  return out;
}

/** The MM2 connector kind a connector name shows by its class suffix (`…MirrorCheckpointConnector`). */
export function connectorKind(name: string | undefined): 'checkpoint' | 'source' | 'heartbeat' | undefined {
  if (!name) return undefined;
  if (name.includes('Checkpoint')) return 'checkpoint';
  if (name.includes('Heartbeat')) return 'heartbeat';
  if (name.includes('MirrorSource')) return 'source';
  return undefined;
}

/** `[g1, g2]` or `g1, g2` → `['g1', 'g2']`, at most `max` names. */
export function parseList(text: string, max = 50): string[] {
  const inner = text.trim().replace(/^\[/, '').replace(/\]\.?$/, '').trim();
  if (!inner) return [];
  return inner
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, max);
}

/** Which MM2 internal topic `topic` is, by MM2's naming (`mm2-offset-syncs.<alias>.internal`, …). */
export function internalTopicKind(topic: string): 'checkpoints' | 'offset-syncs' | 'heartbeats' | undefined {
  if (topic.startsWith('mm2-offset-syncs')) return 'offset-syncs';
  if (/checkpoints[._-]internal$/.test(topic)) return 'checkpoints';
  if (/(?:^|[._-])heartbeats$/.test(topic)) return 'heartbeats';
  return undefined;
}

/** Connector name from `WorkerSourceTask{id=<name>-0}` or `WorkerConnector{id=<name>}`. */
export function connectorFromTaskId(text: string): string | undefined {
  const open = text.indexOf('{id=');
  if (open < 0) return undefined;
  const close = text.indexOf('}', open);
  if (close < 0) return undefined;
  return text.slice(open + 4, close).replace(/-\d+$/, '');
}

/** Broker id for a client node id: coordinators use `Integer.MAX_VALUE - brokerId` (AbstractCoordinator). */
export function brokerNode(id: string): string {
  const n = Number(id);
  return Number.isFinite(n) && n > 2_000_000_000 ? String(2147483647 - n) : id;
}
