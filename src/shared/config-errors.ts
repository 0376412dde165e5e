/**
 * Errors of the desk's configuration file. The message lists each problem as "key: expected …" so
 * IT can fix the file from the message alone; it never repeats the value found.
 */
import { TanuError } from './errors.ts';

export const CONFIG_ERROR_CODES = [
  /** The file is there but a key is missing, unknown or malformed. */
  'INVALID_CONFIG',
  /** The file is not JSON. */
  'CONFIG_UNREADABLE',
  /** A secret the configuration names (e.g. the gateway's credentials) is not in the store. */
  'SECRET_MISSING',
  /**
   * A gateway at a new address (or a new gateway) came without its token: the stored token is
   * never sent to an address it was not entered for.
   */
  'GATEWAY_TOKEN_REQUIRED',
] as const;
export type ConfigErrorCode = (typeof CONFIG_ERROR_CODES)[number];

export class ConfigError extends TanuError<ConfigErrorCode> {
  override readonly name = 'ConfigError';
  /** One line per problem, for the start-up screen and `npm run doctor`. */
  readonly problems: readonly string[];

  constructor(code: ConfigErrorCode, message: string, problems: readonly string[] = [message]) {
    super(code, message);
    this.problems = problems;
  }
}
