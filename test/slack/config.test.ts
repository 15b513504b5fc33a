// The `slack:` and `access:` sections of the config file, through the real loader.
import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../src/config-sections.ts';
import { formatConfigError } from '../../src/config/errors.ts';
import { slackConfigOf, SLACK_DEFAULTS } from '../../src/slack/config.ts';

const BASE = `clusters:
  svl: { bootstrap: "svl:9092" }
  confluent: { bootstrap: "confluent:9092" }
mirrors:
  - { source: svl, target: confluent }
`;

describe('slack and access config', () => {
  it('reads both sections, with defaults for what is left out', () => {
    const r = parseAppConfig(`${BASE}slack:
  mode: http
  port: 3100
  healthPort: false
  stateDir: /var/lib/mm2-doctor
access:
  rules:
    - channels: [C0MM2OPS1]
      usergroups: [S0KAFKAOC]
      mirrors: ["svl->confluent"]
    - users: [U0ALICE01]
      commands: [status, help]
`, 'mm2-doctor.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(slackConfigOf(r.config)).toEqual({ ...SLACK_DEFAULTS, mode: 'http', port: 3100, healthPort: false, stateDir: '/var/lib/mm2-doctor' });
    expect(r.config.access?.rules).toEqual([
      { channels: ['C0MM2OPS1'], usergroups: ['S0KAFKAOC'], mirrors: ['svl->confluent'] },
      { users: ['U0ALICE01'], commands: ['status', 'help'] },
    ]);
  });

  it('leaves both out when the file has neither', () => {
    const r = parseAppConfig(BASE, 'mm2-doctor.yaml');
    expect(r.ok && r.config.slack === undefined && r.config.access === undefined).toBe(true);
    expect(slackConfigOf({})).toEqual(SLACK_DEFAULTS);
  });

  it('rejects inline tokens, channel names and empty rules, with positions and without echoing values', () => {
    const r = parseAppConfig(`${BASE}slack:
  botToken: xoxb-1234-very-secret
  mode: websocket
access:
  rules:
    - channels: ["#mm2-ops"]
    - {}
`, 'mm2-doctor.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.errors.map(formatConfigError);
    expect(lines.join('\n')).not.toContain('xoxb-1234-very-secret');
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^mm2-doctor\.yaml:7:\d+: slack\.botToken: inline secrets are not allowed/),
      expect.stringMatching(/slack\.mode: unknown Slack connection mode 'websocket'/),
      expect.stringMatching(/access\.rules\[0\]\.channels\[0\]: expected channel ids .*Channel ID/),
      expect.stringMatching(/access\.rules\[1\]: an empty rule would allow everyone/),
    ]));
  });
});
