// The app as Slack knows it from its configuration (its manifest): which slash commands exist, which
// events it subscribed to, which bot scopes it was granted, whether the Home and Messages tabs are on,
// its Workflow Builder steps, and where HTTP requests go. Slack acts on this configuration, not on
// what the app's code registers, so giving the emulator the real manifest.yml makes it refuse what
// Slack would refuse:
// - a method without its scope: `{ok:false, error:"missing_scope", needed, provided}`
//   (https://docs.slack.dev/reference/scopes; each method page lists its scopes, see ./scopes.ts);
// - events the app did not subscribe to are never sent (https://docs.slack.dev/apis/events-api);
// - `views.publish` of a home view with the Home tab off: `not_enabled`
//   (https://docs.slack.dev/reference/methods/views.publish);
// - nobody can DM an app whose Messages tab is off or read-only ("Sending messages to this app has been
//   turned off"; manifest `features.app_home`, https://docs.slack.dev/surfaces/app-home#messages-tab);
// - a workflow step exists only as declared under `functions` (inputs and outputs checked against its
//   parameters; https://docs.slack.dev/tools/bolt-js/tutorials/custom-steps), and only in an
//   org-ready app (`settings.org_deploy_enabled: true`) with `function_runtime: remote`, and that uses
//   the Events API: `function_executed` is not listed in `bot_events` ("you cannot subscribe to it like
//   other events"), but "it is subscribed to the Events API" is a condition for it to be sent
//   (https://api.slack.com/events/function_executed, Usage info).
// Without a manifest the emulator allows everything, as before.

export interface ParameterDef {
  type: string;
  title?: string;
  description?: string;
}

export interface FunctionDef {
  title: string;
  description?: string;
  input_parameters: { properties: Record<string, ParameterDef>; required?: string[] };
  output_parameters: { properties: Record<string, ParameterDef>; required?: string[] };
}

/** The fields of a Slack app manifest the emulator reads (types: @slack/web-api manifest.d.ts). */
export interface ManifestLike {
  features?: {
    app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean };
    slash_commands?: { command: string; url?: string }[];
  };
  oauth_config?: { scopes?: { bot?: string[] } };
  settings?: {
    event_subscriptions?: { bot_events?: string[]; request_url?: string };
    interactivity?: { is_enabled?: boolean; request_url?: string };
    socket_mode_enabled?: boolean;
    org_deploy_enabled?: boolean;
    function_runtime?: string;
  };
  functions?: Record<string, FunctionDef>;
}

export interface AppConfig {
  manifest?: ManifestLike;
}

/** What Slack would do for this app; every answer is "yes" without a manifest. */
export class AppRules {
  constructor(private readonly manifest: ManifestLike | undefined) {}

  get configured(): boolean {
    return this.manifest !== undefined;
  }

  hasScope(scope: string): boolean {
    return !this.manifest || (this.manifest.oauth_config?.scopes?.bot ?? []).includes(scope);
  }

  providedScopes(): string {
    return (this.manifest?.oauth_config?.scopes?.bot ?? []).join(',');
  }

  /** Throws, in the test, what Slack would not send this app. */
  requireEvent(subscription: string): void {
    if (!this.manifest) return;
    if (!(this.manifest.settings?.event_subscriptions?.bot_events ?? []).includes(subscription)) {
      throw new Error(`emulator: the app does not subscribe to ${subscription} (manifest settings.event_subscriptions.bot_events); Slack would not send it`);
    }
  }

  subscribes(subscription: string): boolean {
    return !this.manifest || (this.manifest.settings?.event_subscriptions?.bot_events ?? []).includes(subscription);
  }

  requireCommand(command: string): void {
    if (!this.manifest) return;
    if (!(this.manifest.features?.slash_commands ?? []).some((c) => c.command === command)) {
      throw new Error(`emulator: ${command} is not a slash command of this app (manifest features.slash_commands)`);
    }
  }

  get homeTab(): boolean {
    return !this.manifest || this.manifest.features?.app_home?.home_tab_enabled === true;
  }

  /** Users may write to the app in its Messages tab. */
  get directMessages(): boolean {
    const home = this.manifest?.features?.app_home;
    return !this.manifest || (home?.messages_tab_enabled === true && home.messages_tab_read_only_enabled !== true);
  }

  /** The step's definition; throws when Slack would not run it. `undefined`: no manifest, anything goes. */
  step(callbackId: string): FunctionDef | undefined {
    if (!this.manifest) return undefined;
    const def = this.manifest.functions?.[callbackId];
    if (!def) throw new Error(`emulator: no workflow step ${callbackId} in the manifest's functions`);
    const s = this.manifest.settings ?? {};
    if (s.org_deploy_enabled !== true) throw new Error('emulator: custom steps appear in Workflow Builder only for org-ready apps (settings.org_deploy_enabled: true)');
    if (s.function_runtime !== 'remote') throw new Error('emulator: a Bolt app runs its steps itself: settings.function_runtime must be remote');
    if (s.event_subscriptions === undefined) throw new Error('emulator: function_executed reaches only an app subscribed to the Events API (settings.event_subscriptions)');
    return def;
  }

  /**
   * HTTP mode: the request URLs the manifest gives for commands, events and interactivity must all be
   * the path the app serves (Bolt's HTTPReceiver: /slack/events), and Socket Mode must be off.
   */
  requireRequestPath(path: string): void {
    if (!this.manifest) return;
    const s = this.manifest.settings ?? {};
    if (s.socket_mode_enabled) throw new Error('emulator: Socket Mode is on in this manifest; Slack would not call a request URL');
    const urls = [s.event_subscriptions?.request_url, s.interactivity?.request_url, ...(this.manifest.features?.slash_commands ?? []).map((c) => c.url)];
    for (const url of urls) {
      if (url === undefined) throw new Error('emulator: an HTTP-mode manifest needs a request URL for events, interactivity and every slash command');
      if (new URL(url).pathname !== path) throw new Error(`emulator: the manifest sends requests to ${url}, not to ${path}`);
    }
  }
}

/** Values of a step's parameters against their declared types; problems as Slack's validation words them. */
export function checkParameters(values: Record<string, unknown>, params: FunctionDef['input_parameters'], where: string): string[] {
  const problems: string[] = [];
  for (const name of params.required ?? []) {
    if (values[name] === undefined || values[name] === null || values[name] === '') problems.push(`missing required ${where} parameter ${name}`);
  }
  for (const [name, value] of Object.entries(values)) {
    const def = params.properties[name];
    if (!def) {
      problems.push(`${where} parameter ${name} is not declared`);
      continue;
    }
    if (!matchesType(value, def.type)) problems.push(`${where} parameter ${name} must be a ${def.type}`);
  }
  return problems;
}

/** Slack's parameter types (https://docs.slack.dev/tools/deno-slack-sdk/reference/slack-types). */
function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'slack#/types/user_id':
      return typeof value === 'string' && /^[UW][A-Z0-9]+$/.test(value);
    case 'slack#/types/channel_id':
      return typeof value === 'string' && /^[CGD][A-Z0-9]+$/.test(value);
    default:
      return true;
  }
}
