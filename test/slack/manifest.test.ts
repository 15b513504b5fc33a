// manifest.yml (Socket Mode) and manifest.http.yml (HTTP mode) against the code: every slash
// command, event and action id the app registers is declared, the scopes are exactly those the Web
// API methods it calls need, and nothing more; the HTTP variant differs only in its request URLs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { commandRegistry } from '../../src/composition-root.ts';
import { createSlackApp } from '../../src/slack/app.ts';
import { EVENT_SUBSCRIPTIONS, LISTENER_SCOPES, METHOD_SCOPES } from '../../src/slack/scopes.ts';
import { DIAGNOSE_STEP, DIAGNOSE_STEP_INPUTS, DIAGNOSE_STEP_OUTPUTS } from '../../src/slack/step.ts';
import { quietLogger } from '../slack-emulator/helpers.ts';
import { FakeDoctor, seedDiagnosis, SVL } from './fake-doctor.ts';

const root = path.resolve(import.meta.dirname, '../..');

interface Manifest {
  display_information: { name: string; description: string };
  features: { bot_user: { display_name: string }; slash_commands: { command: string; description: string; usage_hint?: string; url?: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[]; request_url?: string }; interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean; org_deploy_enabled?: boolean; function_runtime?: string };
  functions?: Record<string, { title: string; description: string; input_parameters: StepParameters; output_parameters: StepParameters }>;
}

interface StepParameters {
  properties: Record<string, { type: string; title?: string; description?: string }>;
  required?: string[];
}

const load = (file: string): Manifest => parse(readFileSync(path.join(root, file), 'utf8')) as Manifest;
const MANIFESTS = [['manifest.yml', load('manifest.yml')], ['manifest.http.yml', load('manifest.http.yml')]] as const;
/** Where Bolt's HTTPReceiver takes every request (its default `endpoints`), which the bot keeps. */
const HTTP_PATH = '/slack/events';

/** What createSlackApp registers on Bolt, recorded from App.prototype. */
function registered(): { commands: string[]; events: string[]; actions: string[]; functions: string[] } {
  const out = { commands: [] as string[], events: [] as string[], actions: [] as string[], functions: [] as string[] };
  vi.spyOn(App.prototype, 'function').mockImplementation(function (this: App, id: unknown) {
    out.functions.push(String(id));
  } as never);
  vi.spyOn(App.prototype, 'command').mockImplementation(function (this: App, name: unknown) {
    out.commands.push(String(name));
  } as never);
  vi.spyOn(App.prototype, 'event').mockImplementation(function (this: App, name: unknown) {
    out.events.push(String(name));
  } as never);
  vi.spyOn(App.prototype, 'action').mockImplementation(function (this: App, id: unknown) {
    out.actions.push(typeof id === 'string' ? id : id instanceof RegExp ? String(id) : JSON.stringify(id));
  } as never);
  createSlackApp({
    doctor: FakeDoctor.of([[SVL, seedDiagnosis()]]),
    registry: commandRegistry(),
    config: {},
    tokens: { botToken: 'xoxb-test', appToken: 'xapp-test' },
    logger: quietLogger(),
    overrides: { healthPort: false },
  });
  return out;
}

/** Web API methods called anywhere in src/slack (`client.chat.postMessage(`, `client.filesUploadV2(`). */
function methodsCalled(): string[] {
  const dir = path.join(root, 'src/slack');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const found = new Set<string>();
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    // `socket.client` is the Socket Mode connection (an EventEmitter), not the Web API client.
    for (const m of text.matchAll(/(?<!socket\.)\bclient\.((?:[a-z]+\.)*[a-zA-Z0-9]+)\(/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

describe.each(MANIFESTS)('%s', (_file, manifest) => {
  afterEach(() => vi.restoreAllMocks());

  it('declares exactly the slash commands, events and actions the app registers', () => {
    const r = registered();
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(r.commands);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(r.events.map((e) => EVENT_SUBSCRIPTIONS[e] ?? `(${e}: no subscription in EVENT_SUBSCRIPTIONS)`));
    expect(r.actions.length).toBeGreaterThan(0);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(r.actions).toEqual(['mm2_share', 'mm2_rerun', 'mm2_show_commands', String(/^mm2_home_diagnose:\d+$/)]);
  });

  it('turns the Home tab on exactly when the app draws one, and the Messages tab when it answers DMs', () => {
    const r = registered();
    const tabs = (manifest.features as { app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean } }).app_home ?? {};
    const home = r.events.includes('app_home_opened');
    expect(home).toBe(manifest.settings.event_subscriptions.bot_events.includes('app_home_opened'));
    expect(tabs.home_tab_enabled === true).toBe(home);
    // views.publish of a home view is `not_enabled` while the Home tab is off (https://docs.slack.dev/reference/methods/views.publish).
    expect(methodsCalled().includes('views.publish')).toBe(home);
    const dms = r.events.includes('message');
    expect(tabs.messages_tab_enabled === true && tabs.messages_tab_read_only_enabled !== true).toBe(dms);
  });

  it('asks for exactly the scopes the registered listeners and the called Web API methods need', () => {
    const called = methodsCalled();
    expect(called).toEqual(Object.keys(METHOD_SCOPES).sort());
    const listening = ['command', ...manifest.settings.event_subscriptions.bot_events].flatMap((l) => LISTENER_SCOPES[l] ?? []);
    const expected = new Set<string>([...Object.values(METHOD_SCOPES).flat(), ...listening]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...expected].sort());
  });

  it('declares exactly the workflow steps the app registers, with the inputs it reads and the outputs it completes with', () => {
    const r = registered();
    expect(Object.keys(manifest.functions ?? {})).toEqual(r.functions);
    expect(r.functions).toEqual([DIAGNOSE_STEP]);
    const step = manifest.functions?.[DIAGNOSE_STEP];
    expect(Object.keys(step?.input_parameters.properties ?? {})).toEqual([...DIAGNOSE_STEP_INPUTS]);
    expect(step?.input_parameters.required).toEqual([...DIAGNOSE_STEP_INPUTS]);
    expect(step?.input_parameters.properties.channel_id?.type).toBe('slack#/types/channel_id');
    // Every output always set, and a string (DiagnoseStepOutputs): the workflow can rely on each.
    expect(Object.keys(step?.output_parameters.properties ?? {})).toEqual([...DIAGNOSE_STEP_OUTPUTS]);
    expect(step?.output_parameters.required).toEqual([...DIAGNOSE_STEP_OUTPUTS]);
    for (const p of Object.values(step?.output_parameters.properties ?? {})) expect(p.type).toBe('string');
    // Custom steps exist only in org-ready apps that run them themselves
    // (https://docs.slack.dev/tools/bolt-js/concepts/custom-steps; the emulator refuses others).
    expect(manifest.settings.org_deploy_enabled).toBe(true);
    expect(manifest.settings.function_runtime).toBe('remote');
    expect(step?.title).toBe('Diagnose an MM2 mirror');
  });

  it('fits Slack\'s manifest limits', () => {
    const [cmd] = manifest.features.slash_commands;
    expect(cmd?.usage_hint).toMatch(/diagnose <mirror>/);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    expect(cmd?.usage_hint?.length ?? 0).toBeLessThanOrEqual(1000);
  });

  it('lists every registered subcommand in the slash command description', () => {
    const desc = manifest.features.slash_commands[0]?.description ?? '';
    for (const c of commandRegistry().info()) expect(desc).toContain(c.name);
  });

  it('names every registered subcommand in the usage hint Slack shows while typing /mm2', () => {
    const words = new Set((manifest.features.slash_commands[0]?.usage_hint ?? '').split(/[\s|]+/));
    for (const c of commandRegistry().info()) expect(words, `usage_hint lacks ${c.name}`).toContain(c.name);
  });
});

describe('the two modes', () => {
  const socket = load('manifest.yml');
  const http = load('manifest.http.yml');

  it('manifest.yml runs in Socket Mode with no request URLs', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.settings.event_subscriptions.request_url).toBeUndefined();
    expect(socket.settings.interactivity.request_url).toBeUndefined();
    expect(socket.features.slash_commands.every((c) => c.url === undefined)).toBe(true);
  });

  it('manifest.http.yml sends commands, events and clicks to the HTTPS URL the bot serves', () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
    const urls = [...http.features.slash_commands.map((c) => c.url), http.settings.event_subscriptions.request_url, http.settings.interactivity.request_url];
    for (const url of urls) {
      expect(url).toBeDefined();
      const u = new URL(url!);
      expect(u.protocol).toBe('https:'); // Slack accepts only HTTPS request URLs
      expect(u.pathname).toBe(HTTP_PATH);
    }
  });

  it('differ only in those URLs and socket_mode_enabled, so neither drifts', () => {
    const strip = (m: Manifest): unknown => {
      const copy = structuredClone(m);
      for (const c of copy.features.slash_commands) delete c.url;
      delete copy.settings.event_subscriptions.request_url;
      delete copy.settings.interactivity.request_url;
      delete (copy.settings as Partial<Manifest['settings']>).socket_mode_enabled;
      return copy;
    };
    expect(strip(http)).toEqual(strip(socket));
  });
});
