/**
 * The `/mm2` subcommands, one module each, in the order `help` lists them. This list is the only
 * registration: the composition root (src/adapters.ts) hands it to the Slack and shell adapters,
 * and `createRegistry` rejects a name or alias used twice.
 */
import type { Command } from '../src/runtime/command.ts';
import { checkpoints } from './checkpoints.ts';
import { diagnose } from './diagnose.ts';
import { digest } from './digest.ts';
import { explain } from './explain.ts';
import { failover } from './failover.ts';
import { groups } from './groups.ts';
import { help } from './help.ts';
import { history } from './history.ts';
import { status } from './status.ts';
import { watch } from './watch.ts';

export const COMMANDS: readonly Command[] = [diagnose, status, groups, checkpoints, failover, explain, watch, history, digest, help];
