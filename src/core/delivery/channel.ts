/**
 * One interface for every way a code or a visit notification reaches a patient. Failures are
 * results, not exceptions: the gateway being unreachable is a normal condition the kiosk must say
 * plainly (and then offer the slip), so callers branch on `status` instead of catching.
 */

export type DeliveryKind = 'code' | 'notification';

export interface DeliveryMessage {
  kind: DeliveryKind;
  /** E.164, e.g. +77011234567. */
  to: string;
  /** May hold a live code: adapters never log it, never echo it in a reason or an error. */
  text: string;
  /** Same key for every retry of the same message, so the far side delivers it at most once. */
  idempotencyKey: string;
}

/** Worth trying again later (the outbox does; the kiosk offers the slip instead of waiting). */
export type UnreachableReason = 'timeout' | 'network' | 'server-error' | 'rate-limited' | 'bad-response';

/** Trying again with the same message will not help; someone has to fix configuration or data. */
export type RejectedReason =
  'invalid-message' | 'invalid-request' | 'unauthorized' | 'forbidden' | 'conflict';

export type DeliveryResult =
  | { status: 'delivered'; gatewayId: string; attempts: number }
  | { status: 'unreachable'; reason: UnreachableReason; attempts: number; httpStatus?: number }
  | { status: 'rejected'; reason: RejectedReason; attempts: number; httpStatus?: number };

export interface DeliveryChannel {
  deliver(message: DeliveryMessage): Promise<DeliveryResult>;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;
/** Visible ASCII only: the key travels in an HTTP header. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** A generous bound; SMS-length texts are far shorter. Anything longer is a bug upstream. */
export const MAX_TEXT_LENGTH = 2000;

/** Checks shape only; says nothing about which field was wrong beyond its name, never its value. */
export function invalidMessageField(message: DeliveryMessage): keyof DeliveryMessage | undefined {
  if (message.kind !== 'code' && message.kind !== 'notification') return 'kind';
  if (typeof message.to !== 'string' || !E164.test(message.to)) return 'to';
  if (
    typeof message.text !== 'string' ||
    message.text.length === 0 ||
    message.text.length > MAX_TEXT_LENGTH
  ) {
    return 'text';
  }
  if (typeof message.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(message.idempotencyKey)) {
    return 'idempotencyKey';
  }
  return undefined;
}
