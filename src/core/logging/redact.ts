/**
 * What may reach a log line. Logs leave the machine (IT copies them, attaches them to tickets), so
 * they must never hold a frame, a descriptor, a six-digit code, a full IIN, a phone number or a
 * secret. Redaction is by value as well as by key: a code can hide in an error message and an IIN
 * in a search string, whatever the field is called.
 */

/** Keys whose values are dropped whole, whatever they hold. */
const SECRET_KEYS =
  /^(frame|frames|data|pixels|image|descriptor|descriptors|template|templates|code|otp|secret|password|token|authorization|iin|phone|to|text|pdf)$/i;

const MAX_STRING = 500;
const MAX_DEPTH = 5;
const MAX_KEYS = 50;

/** A 12-digit run is an IIN: keep the birth-date part and the check digit, as the desk shows it. */
function maskIins(s: string): string {
  return s.replace(/(?<!\d)(\d{6})\d{5}(\d)(?!\d)/g, '$1•••••$2');
}

/** A phone number in E.164 or with spaces: keep the last two digits only. */
function maskPhones(s: string): string {
  return s.replace(/\+\d[\d ()-]{8,18}\d/g, (m) => `+•••${m.replace(/\D/g, '').slice(-2)}`);
}

/** A standalone 6-digit run may be a live code. */
function maskCodes(s: string): string {
  return s.replace(/(?<![\d•])\d{3} ?\d{3}(?![\d•])/g, '••••••');
}

/** Credentials quoted in a message ("Bearer …", "token=…"). */
function maskCredentials(s: string): string {
  return s
    .replace(/\bBearer\s+\S+/gi, 'Bearer [redacted]')
    .replace(/\b(token|secret|password|authorization)(\s*[=:]\s*)\S+/gi, '$1$2[redacted]');
}

export function redactString(s: string): string {
  const cut = s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}…` : s;
  return maskCodes(maskPhones(maskIins(maskCredentials(cut))));
}

export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return '[bigint]';
  if (typeof value === 'function' || typeof value === 'symbol') return `[${typeof value}]`;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[binary ${value.byteLength} bytes]`;
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      error: value.name,
      ...(typeof code === 'string' ? { code } : {}),
      message: redactString(value.message),
    };
  }
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) {
    // A long run of numbers is a descriptor or pixels, never something to read in a log.
    if (value.length > 16 && value.every((v) => typeof v === 'number')) return `[${value.length} numbers]`;
    return value.slice(0, MAX_KEYS).map((v) => redact(v, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>).slice(0, MAX_KEYS)) {
    out[key] = SECRET_KEYS.test(key) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}
