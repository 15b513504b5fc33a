/**
 * Bridges a configured mirror to `effectiveSettings` (src/mm2/settings.ts): the Strimzi resource,
 * the bot config's overrides and aliases, with bot-config paths as provenance. Live Connect
 * configs are added by the caller that fetched them.
 */
import type { ConnectorRole } from '../mm2/strimzi.ts';
import type { MirrorSettingsInput } from '../mm2/settings.ts';
import type { MirrorConfig } from './schema.ts';

/** The settings input for a mirror, optionally with live connector configs from Connect REST. */
export function settingsInputFor(mirror: MirrorConfig, connectConfigs?: Partial<Record<ConnectorRole, Record<string, string>>>): MirrorSettingsInput {
  const strimzi = mirror.strimzi?.resource && mirror.strimzi.mirrorIndex !== undefined ? { resource: mirror.strimzi.resource, mirrorIndex: mirror.strimzi.mirrorIndex } : undefined;
  const names = Object.fromEntries(Object.entries(mirror.connect?.connectors ?? {}).filter(([, v]) => v !== undefined)) as Partial<Record<ConnectorRole, string>>;
  return {
    kafkaVersion: mirror.kafkaVersion,
    aliases: { source: mirror.source, target: mirror.target, sourcePath: `${mirror.path}.source`, targetPath: `${mirror.path}.target` },
    strimzi,
    overrides: { values: mirror.settings, path: `${mirror.path}.settings` },
    connect: connectConfigs ? { configs: connectConfigs, names } : undefined,
  };
}
