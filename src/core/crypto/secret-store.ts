/**
 * The desk's few secrets (the gateway's bearer token), sealed with the 'secret-store' subkey in a
 * JSON file next to the database, so the configuration file only names them. Each value is bound
 * to its name (AAD), so a sealed token copied under another name does not open. Writes are atomic.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../../shared/config-errors.ts';
import { writeFileAtomic } from '../store/atomic-file.ts';
import { open, seal } from './aead.ts';

export const SECRETS_FILE_NAME = 'secrets.sealed.json';
const NAME = /^[a-z][a-z0-9-]{0,63}$/;

export class SecretStore {
  readonly #path: string;
  readonly #key: Buffer;

  /** `key` is the 'secret-store' subkey. */
  constructor(path: string, key: Buffer) {
    this.#path = path;
    this.#key = key;
  }

  #read(): Record<string, string> {
    if (!existsSync(this.#path)) return {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.#path, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('shape');
      return parsed as Record<string, string>;
    } catch {
      throw new ConfigError('CONFIG_UNREADABLE', `${this.#path} is not a sealed secrets file.`);
    }
  }

  has(name: string): boolean {
    return NAME.test(name) && Object.hasOwn(this.#read(), name);
  }

  /** The secret, or throws SECRET_MISSING (also when it does not open under this install's key). */
  get(name: string): string {
    const sealed = NAME.test(name) ? this.#read()[name] : undefined;
    if (typeof sealed !== 'string') throw new ConfigError('SECRET_MISSING', `No secret "${name}" is stored.`);
    try {
      return open(this.#key, Buffer.from(sealed, 'base64'), Buffer.from(name)).toString('utf8');
    } catch {
      throw new ConfigError('SECRET_MISSING', `The secret "${name}" does not open with this install's key.`);
    }
  }

  set(name: string, value: string): void {
    if (!NAME.test(name))
      throw new ConfigError('INVALID_CONFIG', 'A secret name is lower-case letters, digits and dashes.');
    const all = this.#read();
    all[name] = seal(this.#key, Buffer.from(value, 'utf8'), Buffer.from(name)).toString('base64');
    this.#write(all);
  }

  /** Removes the secret (nothing to do when it is not stored). */
  delete(name: string): void {
    const all = this.#read();
    if (!Object.hasOwn(all, name)) return;
    delete all[name];
    this.#write(all);
  }

  #write(all: Record<string, string>): void {
    writeFileAtomic(this.#path, JSON.stringify(all));
  }
}
