/**
 * Redaction of secrets and personal data in what troupe writes out — logs, a downstream
 * server's stderr shown in its status, and a workflow's tool arguments and results when its
 * `guards.security.piiRedaction` says so. Each find becomes `[redacted:<kind>]`:
 *
 *   api_key   provider key shapes: OpenAI/Anthropic `sk-…`, GitHub `ghp_…`/`github_pat_…`,
 *             Slack `xox?-…`, AWS `AKIA…`, Google `AIza…`, Stripe `sk_live_…`/`rk_live_…`
 *   token     JSON Web Tokens (`eyJ….eyJ….…`) and the credential after `Bearer `
 *   email     addresses
 *   card      13–19 digits (spaces or dashes between groups) that pass the Luhn check
 *   iban      country code, check digits and account that pass the ISO 13616 mod-97 check
 *   phone     international (`+` and 7–15 digits) or grouped national numbers (`(555) 123-4567`)
 *   secret    the whole value of a field named like a secret (password, token, api_key,
 *             authorization, secret, credential, private_key, agent_token…), whatever it holds
 *
 * Checks (Luhn, mod-97) keep ordinary numbers — ids, timestamps, amounts — as they are. Pure
 * functions: a value is copied, never changed in place; a field named `__proto__` is a field.
 */

export type RedactionKind = 'api_key' | 'token' | 'email' | 'card' | 'iban' | 'phone' | 'secret';

const mark = (kind: RedactionKind) => `[redacted:${kind}]`;

const API_KEY =
  /\b(?:sk-(?:ant-)?[A-Za-z0-9_-]{20,}|sk_(?:live|test)_[A-Za-z0-9]{16,}|rk_(?:live|test)_[A-Za-z0-9]{16,}|ghp_[A-Za-z0-9]{36}|gh[ousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,}|xox[abpors]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35})\b/g;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const EMAIL = /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}\b/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const PHONE = /(?:\+\d[\d .-]{6,17}\d|\(\d{3}\)\s?\d{3}[ .-]\d{4}|\b\d{3}[ .-]\d{3}[ .-]\d{4}\b)/g;

/** Field names whose value is a secret whatever it looks like (compared without case, `-` or `_`). */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'accesstoken',
  'refreshtoken',
  'agenttoken',
  'authorization',
  'credential',
  'credentials',
  'privatekey',
  'clientsecret',
  'cookie',
  'httptoken',
]);

const MAX_DEPTH = 32;

/** `text` with every secret and piece of personal data in it replaced by its mark. */
export function redactText(text: string): string {
  return text
    .replace(API_KEY, mark('api_key'))
    .replace(JWT, mark('token'))
    .replace(BEARER, (_, prefix: string) => `${prefix}${mark('token')}`)
    .replace(EMAIL, mark('email'))
    .replace(IBAN, (found) => (isIban(found) ? mark('iban') : found))
    .replace(CARD, (found) => (passesLuhn(found) ? mark('card') : found))
    .replace(PHONE, (found) => (digitsOf(found).length >= 7 ? mark('phone') : found));
}

/** A copy of `value` with every string redacted and every secret-named field's value replaced. */
export function redactValue<T>(value: T): T {
  return redactAt(value, 0) as T;
}

/** Is this field's value a secret by its name (`api_key`, `Authorization`, `agentToken`…)? */
export function isSecretField(name: string): boolean {
  const normal = name.toLowerCase().replace(/[-_]/g, '');
  return (
    SECRET_FIELDS.has(normal) ||
    ['token', 'secret', 'password', 'apikey'].some((suffix) => normal.endsWith(suffix))
  );
}

function redactAt(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => redactAt(item, depth + 1));
  if (value instanceof Error) return redactText(`${value.name}: ${value.message}`);
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
    return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const redacted =
      isSecretField(key) && item !== null && item !== undefined && item !== ''
        ? mark('secret')
        : redactAt(item, depth + 1);
    Object.defineProperty(copy, key, {
      value: redacted,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** The Luhn check of a card number (spaces and dashes ignored). */
export function passesLuhn(text: string): boolean {
  const digits = digitsOf(text);
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The ISO 13616 check of an IBAN: the rearranged number modulo 97 is 1. */
export function isIban(text: string): boolean {
  const iban = text.replace(/ /g, '');
  if (iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const chunk = code >= 65 && code <= 90 ? String(code - 55) : char;
    for (const digit of chunk) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}
