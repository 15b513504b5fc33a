/**
 * Connection trouble as the Kafka clients log it (`org.apache.kafka.clients.NetworkClient`,
 * `…consumer.internals.AbstractCoordinator`, admin `TimeoutException`s). Each disconnect is
 * counted per broker node and per minute by the explainer.
 */
import { brokerNode } from '../names.ts';
import type { Hit, Rule } from './rule.ts';

const DROPS: { re: RegExp; code: string; title: string; node: number; address?: number; timeout?: boolean }[] = [
  { re: /^Node (\d+) disconnected\.$/, code: 'node-disconnected', title: 'Node disconnected', node: 1 },
  // "Broker may not be available." before KAFKA-15466 (3.7), "Node may not be available." since.
  {
    re: /^Connection to node (-?\d+) \((.*?)\) could not be established\. (?:Broker|Node) may not be available\.$/,
    code: 'connection-failed',
    title: 'Connection could not be established',
    node: 1,
    address: 2,
  },
  { re: /^Connection to node (-?\d+) \((.*?)\) terminated during authentication/, code: 'connection-terminated-during-auth', title: 'Connection terminated during authentication', node: 1, address: 2 },
  { re: /^Disconnecting from node (-?\d+) due to request timeout\.$/, code: 'request-timeout', title: 'Disconnected after a request timeout', node: 1, timeout: true },
  { re: /^Disconnecting from node (-?\d+) due to socket connection setup timeout\./, code: 'connection-setup-timeout', title: 'Connection setup timed out', node: 1, timeout: true },
  { re: /^Error connecting to node (\S+) \(id: (-?\d+) rack:/, code: 'connection-failed', title: 'Connection could not be established', node: 2, address: 1 },
];

/** NetworkClient disconnects, failed connects and timeouts. */
const drops: Rule = {
  keys: ['disconnected', 'Connection to node', 'Disconnecting from node', 'Error connecting to node'],
  match(message) {
    for (const d of DROPS) {
      const m = d.re.exec(message);
      if (!m) continue;
      const hit: Hit = { code: d.code, kind: 'network', title: d.title, node: brokerNode(m[d.node] ?? '?'), disconnect: true };
      if (d.timeout) hit.timeout = true;
      if (d.address !== undefined && m[d.address]) hit.address = m[d.address];
      return hit;
    }
    return undefined;
  },
};

/** Coordinator and bootstrap connection lines, cancelled requests, admin call timeouts. */
const clients: Rule = {
  keys: ['Bootstrap broker', 'Group coordinator', 'Cancelled in-flight', 'disconnected from the group coordinator', 'Attempt to heartbeat failed', 'Timed out waiting', 'timed out at'],
  match(message) {
    const boot = /^Bootstrap broker (.+?) \(id: (-?\d+) rack: .*?\) disconnected$/.exec(message);
    if (boot) return { code: 'bootstrap-disconnected', kind: 'network', title: 'Bootstrap broker disconnected', node: boot[2], address: boot[1], disconnect: true };
    const coord = /^Group coordinator (.+?) \(id: (\d+) rack: .*?\) is unavailable or invalid due to cause: (.*?)\. isDisconnected: (true|false)/.exec(message);
    if (coord) {
      return {
        code: 'coordinator-unavailable',
        kind: 'network',
        title: `Group coordinator unavailable (${coord[3]})`,
        node: brokerNode(coord[2] ?? '?'),
        disconnect: coord[4] === 'true',
      };
    }
    const cancelled = /^Cancelled in-flight (\w+) request with correlation id \d+ due to node (-?\d+) being disconnected/.exec(message);
    if (cancelled) return { code: 'cancelled-in-flight', kind: 'network', title: 'In-flight requests cancelled by a disconnect', node: brokerNode(cancelled[2] ?? '?'), api: cancelled[1] };
    if (/^Consumer has been disconnected from the group coordinator for \d+ms/.test(message)) {
      return { code: 'coordinator-disconnected', kind: 'network', title: 'Consumer disconnected from its group coordinator' };
    }
    if (message.startsWith('Attempt to heartbeat failed since coordinator')) {
      return { code: 'coordinator-heartbeat-failed', kind: 'network', title: 'Group heartbeat failed: coordinator not available' };
    }
    const admin = /(Timed out waiting for a node assignment|Timed out waiting to send the call|timed out at \d+ after \d+ attempt\(s\))/.exec(message);
    if (admin) return { code: 'admin-timeout', kind: 'network', title: `Admin call timed out (${admin[1]?.replace(/ at \d+.*/, '')})`, timeout: true };
    return undefined;
  },
};

/** Network rules, in match order. */
export const networkRules: readonly Rule[] = [drops, clients];
