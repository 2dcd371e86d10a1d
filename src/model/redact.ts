/**
 * Redaction of credentials from anything cnibench prints or saves: messages, hints, details and
 * result files. Two layers: secret values a component registered (the kubeconfig's tokens,
 * passwords, client keys, exec plugin arguments and environment), replaced wherever they appear;
 * and patterns for credentials nobody registered (a kubeconfig too broken to load, an API
 * server's echo). Every pattern is linear in the text's length.
 */

export const REDACTED = '[redacted]';

const known = new Set<string>();

/** Values shorter than this are not registered: replacing them would mangle ordinary text. */
const MIN_SECRET = 6;

/** Registers a secret value: from now on it never appears in a message or file. */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string') return;
  const v = value.trim();
  if (v.length >= MIN_SECRET) known.add(v);
}

/** Key names whose value is a credential, in YAML, JSON, env or flag form. */
const SECRET_KEY =
  /token|passw(?:or)?d|secret|client[-_]key|key-data|private[-_]?key|api[-_]?key|credential/i;

/** `token: x`, `"password": "x"`, `client-key-data=x`; a whole word, then its value (linear: no nested repeats). */
const KEY_VALUE =
  /(?<![A-Za-z0-9_-])(["']?)([A-Za-z0-9_-]+)(["']?[ \t]*[:=][ \t]*)(\[redacted\]|"[^"\n]*"|'[^'\n]*'|[^\s,;}\]]+)/g;
/** `--token x`, `--password=x` */
const FLAG_VALUE = /(?<![A-Za-z0-9_-])--([A-Za-z0-9_-]+)([ =])(\S+)/g;

const PATTERNS: [RegExp, string][] = [
  // PEM private keys, whole
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  // HTTP authorisation
  [/(?<![A-Za-z])(Bearer|Basic)[ \t]+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`],
  // JSON web tokens (service account and OIDC tokens)
  [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // base64 of "-----BEGIN" (a PEM block inside *-data fields)
  [/LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g, REDACTED],
  // passwords in URLs
  [/((?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/gi, `$1${REDACTED}@`],
];

/** `replacement` in the quotes `value` had, so that redacted JSON stays JSON. */
function quoted(value: string, replacement: string): string {
  const q = value[0];
  return (q === '"' || q === "'") && value.length > 1 ? `${q}${replacement}${q}` : replacement;
}

/** The text with every registered secret and every credential-looking value replaced by `[redacted]`. */
export function redact(text: string): string {
  let out = text;
  for (const s of known) if (out.includes(s)) out = out.split(s).join(REDACTED);
  for (const [re, by] of PATTERNS) out = out.replace(re, by);
  out = out.replace(KEY_VALUE, (all: string, q1: string, key: string, sep: string, value: string) =>
    SECRET_KEY.test(key) && value !== REDACTED ? `${q1}${key}${sep}${quoted(value, REDACTED)}` : all,
  );
  out = out.replace(FLAG_VALUE, (all: string, key: string, sep: string) =>
    SECRET_KEY.test(key) ? `--${key}${sep}${REDACTED}` : all,
  );
  return out;
}
