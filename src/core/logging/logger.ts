/**
 * Structured logs: one JSON object per line in the app's data folder, rotated by size
 * (tanu.log → tanu.1.log → … → tanu.N.log, oldest dropped), with a level setting. Every field goes
 * through redact() first. Written synchronously and small: a kiosk that crashes must not lose the
 * line that says why, and no worker transport has to be packaged (why not pino + pino-roll).
 */
import { appendFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../data-folder/private-files.ts';
import { LOG_LEVELS, type LogLevel } from '../../shared/log-levels.ts';
import { redact, redactString } from './redact.ts';

export interface Logger {
  error(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  debug(event: string, fields?: Record<string, unknown>): void;
  setLevel(level: LogLevel): void;
}

export interface FileLoggerOptions {
  dir: string;
  level: LogLevel;
  /** Rotate once the current file passes this size. */
  maxBytes?: number;
  /** Rotated files kept besides the current one. */
  keep?: number;
  now?: () => Date;
  /** Also echo to stderr (development). */
  echo?: boolean;
}

export const LOG_FILE_NAME = 'tanu.log';

export function fileLogger(options: FileLoggerOptions): Logger {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 5;
  const now = options.now ?? (() => new Date());
  const path = join(options.dir, LOG_FILE_NAME);
  let level = options.level;
  makePrivateDir(options.dir);

  const rotate = (): void => {
    rmSync(join(options.dir, `tanu.${keep}.log`), { force: true });
    for (let i = keep - 1; i >= 1; i -= 1) {
      const from = join(options.dir, `tanu.${i}.log`);
      if (existsSync(from)) renameSync(from, join(options.dir, `tanu.${i + 1}.log`));
    }
    renameSync(path, join(options.dir, 'tanu.1.log'));
  };

  const write = (at: LogLevel, event: string, fields: Record<string, unknown> = {}): void => {
    if (LOG_LEVELS.indexOf(at) > LOG_LEVELS.indexOf(level)) return;
    const line = `${JSON.stringify({
      ...(redact(fields) as Record<string, unknown>),
      t: now().toISOString(),
      level: at,
      event: redactString(event),
    })}\n`;
    try {
      if (existsSync(path) && statSync(path).size + line.length > maxBytes) rotate();
      appendFileSync(path, line, { mode: PRIVATE_FILE_MODE });
    } catch {
      // A full disk must not take the kiosk down with it; the database reports DISK_FULL itself.
    }
    if (options.echo) process.stderr.write(line);
  };

  return {
    error: (e, f) => write('error', e, f),
    warn: (e, f) => write('warn', e, f),
    info: (e, f) => write('info', e, f),
    debug: (e, f) => write('debug', e, f),
    setLevel: (l) => {
      level = l;
    },
  };
}
