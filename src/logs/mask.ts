/**
 * Masks secrets in log text before anything derived from it (titles, samples, groups) can be shown
 * in Slack or a terminal. Over-masking a harmless value is acceptable; leaking a password is not.
 * People paste config dumps, `mm2.properties`, KafkaMirrorMaker2 YAML and Connect REST JSON beside
 * their logs, so the keys below cover the client, Connect and Strimzi spellings.
 */

const HINT = /pass|secret|token|credential|api.?key|access.?key|private.?key|jaas|user\.info|bearer|authorization|keystore\.key|BEGIN|xox[abprs]-|xapp-|\.(?:key|p12|pfx|jks)"?\s*[=:]/i;

// `sasl.jaas.config=… required username="u" password="p";` hides everything up to the `;`.
const JAAS = /(sasl\.jaas\.config"?\s*[=:]\s*)[^;\n]*/gi;
// Keys ending in a secret word, `key=value`, `key: value`, `"key":"value"`; only at token starts.
// `.key`, `.p12`, `.pfx`, `.jks`: a Strimzi KafkaUser Secret's `user.key` / `user.p12` (base64 key material).
const KEY_VALUE =
  /(?<![\w.-])([\w.-]*(?:password|passwd|pwd|secret|token|apikey|api[._-]key|access[._-]?key|private[._-]?key|keystore\.key|credentials?|user\.info|\.key|\.p12|\.pfx|\.jks)"?\s*[=:]\s*)(\[hidden\]|"(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&)}\]]+)/gi;
const AUTH_HEADER = /(authorization"?\s*[:=]\s*"?(?:basic|bearer|digest)?\s*)[^\s",;]+/gi;
const BEARER = /\b(bearer)\s+[\w.~+/-]+=*/gi;
const URL_PASSWORD = /(\/\/[^\s/:@]{1,200}:)[^\s/@]{1,200}@/g;
const SLACK_TOKEN = /\bx(?:ox[abprs]|app)-[\w-]{8,}/g;
// A whole PEM private key on one line (JSON-escaped `\n`, or a `ssl.keystore.key=` value).
const PEM_INLINE = /(-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----).*?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|$)/g;
const PEM_BEGIN = /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----/;
const PEM_END = /-----END [A-Z ]{0,40}PRIVATE KEY-----/;
/** A YAML secret key whose value follows on the next, more indented lines. */
const SECRET_BLOCK = /^(\s*(?:-\s+)?)"?[\w.-]*(?:password|passwd|secret|token|jaas\.config|private[._-]?key|\.key|\.p12|\.pfx|\.jks)"?\s*:\s*[|>][+-]?\d?\s*$/i;

/** Replaces passwords, JAAS configs, tokens, private keys and URL credentials with `***`. */
export function maskSecrets(text: string): string {
  if (!HINT.test(text) && !(text.includes('://') && text.includes('@'))) return text;
  return text
    .replace(PEM_INLINE, '$1 ***')
    .replace(JAAS, '$1***')
    .replace(AUTH_HEADER, '$1***')
    .replace(BEARER, '$1 ***')
    .replace(KEY_VALUE, '$1***')
    .replace(URL_PASSWORD, '$1***@')
    .replace(SLACK_TOKEN, 'x***');
}

/**
 * A line-by-line masker that also hides the body of a multi-line PEM private key (between its
 * BEGIN and END lines), which no single line reveals as secret.
 */
export function lineMasker(): (line: string) => string {
  let inKey = false;
  // Indentation of a YAML secret key whose value is a block scalar (`password: |`, `sasl.jaas.config: >-`).
  let blockIndent = -1;
  return (line) => {
    if (blockIndent >= 0) {
      const indent = line.length - line.trimStart().length;
      if (line.trim() !== '' && indent > blockIndent) return `${line.slice(0, indent)}***`;
      if (line.trim() !== '') blockIndent = -1;
    }
    const block = SECRET_BLOCK.exec(line);
    if (block) {
      blockIndent = (block[1] ?? '').length;
      return line;
    }
    if (inKey) {
      if (PEM_END.test(line)) inKey = false;
      return PEM_END.test(line) ? line.replace(/^.*?(-----END)/, '*** $1') : '***';
    }
    if (PEM_BEGIN.test(line) && !PEM_END.test(line)) {
      inKey = true;
      return line.replace(/(-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----).*$/, '$1 ***');
    }
    return maskSecrets(line);
  };
}
