/**
 * Size cap for IPC payloads, checked before any schema runs so a compromised renderer cannot make
 * main parse megabytes (or a tiny payload whose shared references make zod walk it exponentially).
 *
 * The size is an estimate of the JSON text, except binary data (ArrayBuffer, typed arrays,
 * DataView), which counts its byteLength: a 2 MiB camera frame is never stringified.
 */

/** Cap for every channel that does not declare its own `maxBytes`. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

/** Separator/bracket overhead per value; also guarantees every visit costs at least one byte. */
const VALUE_OVERHEAD = 1;
/** A Date, RegExp, Error or other non-plain object the schema will almost surely reject anyway. */
const OPAQUE_OBJECT_BYTES = 16;

/** UTF-8 length of a string, stopping once it passes `budget` (strings can be huge). */
function utf8Length(text: string, budget: number): number {
  if (text.length > budget) return budget + 1;
  let bytes = 0;
  for (let index = 0; index < text.length && bytes <= budget; index += 1) {
    const unit = text.charCodeAt(index);
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
  }
  return bytes;
}

function isArrayBuffer(value: object): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

/**
 * Adds the value's own size (without children) and pushes its children onto the stack.
 * Children are visited once per reference, not once per object: shared references and cycles
 * are counted again each time, so they run into the cap instead of looping forever.
 */
function ownSize(value: unknown, stack: unknown[], budget: number): number {
  switch (typeof value) {
    case 'string':
      return 2 + utf8Length(value, budget);
    case 'number':
      return String(value).length;
    case 'bigint':
      // Hex digits are cheap to produce for any size; decimal would be quadratic on huge values.
      return value.toString(16).length;
    case 'boolean':
      return value ? 4 : 5;
    case 'undefined':
    case 'function':
    case 'symbol':
      return VALUE_OVERHEAD;
    case 'object':
      break;
  }
  if (value === null) return 4;
  if (ArrayBuffer.isView(value)) return value.byteLength + VALUE_OVERHEAD;
  if (isArrayBuffer(value)) return value.byteLength + VALUE_OVERHEAD;
  if (Array.isArray(value)) {
    if (value.length > budget) return budget + 1;
    for (const item of value as readonly unknown[]) stack.push(item);
    return 2;
  }
  if (value instanceof Map) {
    if (value.size > budget) return budget + 1;
    for (const [key, item] of value) stack.push(key, item);
    return 2;
  }
  if (value instanceof Set) {
    if (value.size > budget) return budget + 1;
    for (const item of value) stack.push(item);
    return 2;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return OPAQUE_OBJECT_BYTES;
  const keys = Object.keys(value);
  if (keys.length > budget) return budget + 1;
  let size = 2;
  for (const key of keys) {
    size += 3 + utf8Length(key, budget);
    if (size > budget) return size;
    stack.push((value as Record<string, unknown>)[key]);
  }
  return size;
}

/**
 * True when the payload's estimated size exceeds `maxBytes`. Iterative (no recursion, so deep
 * nesting cannot overflow the stack) and stops as soon as the cap is passed, so the work is
 * bounded by the cap, not by the payload.
 */
export function exceedsPayloadLimit(payload: unknown, maxBytes: number): boolean {
  const stack: unknown[] = [payload];
  let total = 0;
  while (stack.length > 0) {
    total += ownSize(stack.pop(), stack, maxBytes - total) + VALUE_OVERHEAD;
    if (total > maxBytes) return true;
    // Every pending value will cost at least two bytes: give up early on a flood of tiny ones.
    if (stack.length * 2 > maxBytes - total) return true;
  }
  return false;
}
