/**
 * The sections of the mm2-doctor config file besides `clusters:` and `mirrors:`: each is owned
 * and defined by the feature that reads it; this list is where the program assembles them for the
 * loader (src/config/ knows no feature). The CLI (`check-config`, `diagnose`, `shell`, `serve`) and
 * the demo load with it, so a file is validated the same way whichever command reads it.
 */
import { loadConfig, parseConfig, type LoadIO, type LoadResult } from './config/load.ts';
import type { ConfigWith } from './config/section.ts';
import { coordinationSection } from './coordination/config.ts';
import { historySection } from './history/config.ts';
import { metricsSection } from './observe/config.ts';
import { monitorSection } from './monitor/reuse.ts';
import { alertsSection, digestsSection } from './schedule/config.ts';
import { accessSection, slackSection } from './slack/config.ts';

/** Every section the program reads, in the order the README documents them. */
export const configSections = [digestsSection, alertsSection, historySection, coordinationSection, slackSection, accessSection, metricsSection, monitorSection] as const;

/** The loaded config of the whole program. */
export type AppConfig = ConfigWith<typeof configSections>;

/** Reads and validates the config file at `path`, with every section. */
export function loadAppConfig(path: string, io?: LoadIO): LoadResult<AppConfig> {
  return loadConfig(path, { ...io, sections: configSections });
}

/** Validates config text with every section; `file` names it in errors and anchors relative paths. */
export function parseAppConfig(text: string, file: string, io?: LoadIO): LoadResult<AppConfig> {
  return parseConfig(text, file, { ...io, sections: configSections });
}
