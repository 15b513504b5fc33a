/**
 * Masks secrets in log text before anything derived from it (titles, samples, groups) can be shown
 * in Slack or a terminal. Over-masking a harmless value is acceptable; leaking a password is not.
 */

const HINT = /pass|secret|token|credential|api.?key|jaas|user\.info|bearer|authorization|:\/\/[^\s/@]+:[^\s/@]+@/i;

// `sasl.jaas.config=… required username="u" password="p";` hides everything up to the `;`.
const JAAS = /(sasl\.jaas\.config"?\s*[=:]\s*)[^;\n]*/gi;
// Keys ending in a secret word, `key=value`, `key: value`, `"key":"value"`; only at token starts.
const KEY_VALUE =
  /(?<![\w.-])([\w.-]*(?:password|passwd|pwd|secret|token|apikey|api[._-]key|credentials?|user\.info)"?\s*[=:]\s*)(\[hidden\]|"[^"]*"|'[^']*'|[^\s,;&)}\]]+)/gi;
const AUTH_HEADER = /(authorization"?\s*[:=]\s*"?(?:basic|bearer|digest)?\s*)[^\s",;]+/gi;
const BEARER = /\b(bearer)\s+[\w.~+/-]+=*/gi;
const URL_PASSWORD = /(\/\/[^\s/:@]{1,200}:)[^\s/@]{1,200}@/g;

/** Replaces passwords, JAAS configs, tokens and URL credentials with `***`. */
export function maskSecrets(text: string): string {
  if (!HINT.test(text)) return text;
  return text
    .replace(JAAS, '$1***')
    .replace(AUTH_HEADER, '$1***')
    .replace(BEARER, '$1 ***')
    .replace(KEY_VALUE, '$1***')
    .replace(URL_PASSWORD, '$1***@');
}
