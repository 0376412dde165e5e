/**
 * Where the 32-byte data key comes from. In the app: Electron safeStorage (the OS key store),
 * which must fail closed with KEY_UNAVAILABLE when encryption is unavailable or would fall back to
 * plain text (Linux "basic_text"); in tests and CLI tools: a key file (key-file.ts).
 */
export const DATA_KEY_BYTES = 32;

export interface KeyProvider {
  /** Where the key lives, for messages ("key file /var/lib/tanu/data.key", "OS key store"). */
  readonly description: string;
  /**
   * The data key, as a fresh buffer the caller wipes when done. Throws CryptoError KEY_MISSING / KEY_INVALID / KEY_INSECURE / KEY_UNAVAILABLE
   * rather than ever returning a weaker key.
   */
  dataKey(): Buffer;
  /**
   * Stores a key brought from another desk (desk-transfer.ts) as this desk's key. Refuses when a key
   * is already stored: replacing one would orphan everything sealed under it.
   */
  importDataKey?(key: Buffer): void;
}
