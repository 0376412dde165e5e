/**
 * UUIDv7 (RFC 9562 §5.7) for registry op ids: 48 bits of Unix milliseconds, then randomness. The
 * clinic refuses any other version (an op id is how a retried push is recognised, so it must be
 * unique without coordination); time-ordered ids also keep the clinic's ops index append-mostly.
 * Ids made within one millisecond by this process stay increasing (§6.2, method 3: the random
 * 74 bits are bumped), so sorting them gives the order they were made in.
 */
import { randomBytes } from 'node:crypto';

let lastMs = -1;
let last: Buffer | null = null;

function bumped(previous: Buffer): Buffer | null {
  const next = Buffer.from(previous);
  for (let i = 15; i >= 6; i -= 1) {
    // Bytes 6 and 8 carry the version and variant bits: only their low bits count.
    const mask = i === 6 ? 0x0f : i === 8 ? 0x3f : 0xff;
    const low = (next[i] as number) & mask;
    if (low < mask) {
      next[i] = ((next[i] as number) & ~mask) | (low + 1);
      return next;
    }
    next[i] = (next[i] as number) & ~mask;
  }
  return null;
}

export function uuidv7(now: number = Date.now()): string {
  let bytes: Buffer | null = null;
  if (now <= lastMs && last !== null) {
    // Same millisecond (or the wall clock stepped back): continue from the last id.
    bytes = bumped(last);
  }
  if (bytes === null) {
    bytes = randomBytes(16);
    bytes.writeUIntBE(Math.max(now, lastMs), 0, 6);
    bytes[6] = 0x70 | ((bytes[6] as number) & 0x0f);
    bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  }
  lastMs = Math.max(now, lastMs);
  last = bytes;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
