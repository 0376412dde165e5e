/**
 * Reading and writing the desk's configuration file. Written atomically (temp file, fsync, rename)
 * so a power cut during setup or an admin's change leaves the old file or the new one, never half.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../../shared/config-errors.ts';
import { writeFileAtomic } from '../store/atomic-file.ts';
import { parseKioskConfig, type KioskConfig } from './kiosk-config.ts';

export const CONFIG_FILE_NAME = 'tanu.config.json';

/** null when there is no file yet: the app then runs its first-start setup. */
export function readConfigFile(path: string): KioskConfig | null {
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ConfigError('CONFIG_UNREADABLE', `${path} is not valid JSON.`);
  }
  return parseKioskConfig(json);
}

export function writeConfigFile(path: string, config: KioskConfig): void {
  const valid = parseKioskConfig(config);
  writeFileAtomic(path, `${JSON.stringify(valid, null, 2)}\n`);
}
