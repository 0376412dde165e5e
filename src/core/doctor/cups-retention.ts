/**
 * How long cupsd keeps a finished job's document (PreserveJobFiles) and its record
 * (PreserveJobHistory), read from cupsd.conf the way cupsd reads it (scheduler/conf.c, CUPS 2.4):
 * directives are case-insensitive, the last one wins, Yes/On/True/Enabled mean "until MaxJobs
 * pushes the job out", No/Off/False/Disabled mean "not at all", a number is seconds with an
 * optional w/d/h/m unit, and a value cupsd cannot read leaves its default.
 */

/** Where Debian and Ubuntu keep cupsd's configuration. */
export const CUPSD_CONF = '/etc/cups/cupsd.conf';

/** Seconds, or 'forever' for Yes. */
export type Retention = number | 'forever';

export interface CupsRetention {
  /** What cupsd does with a finished job's document file(s). */
  files: Retention;
  /** The PreserveJobFiles value as written, or cupsd's default when the line is absent or unreadable. */
  filesSetting: string;
  /** What cupsd does with a finished job's record (state, times, name; not the document). */
  history: Retention;
}

/** cupsd's defaults (cupsd.conf(5)): documents one day, records until MaxJobs. */
const DEFAULT_FILES_SETTING = '86400';
const DEFAULT_FILES = 86_400;

const YES = new Set(['yes', 'on', 'true', 'enabled']);
const NO = new Set(['no', 'off', 'false', 'disabled']);
const UNIT_SECONDS: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60 };

function parseRetention(value: string): Retention | null {
  const v = value.toLowerCase();
  if (YES.has(v)) return 'forever';
  if (NO.has(v)) return 0;
  const match = /^(\d+(?:\.\d*)?)([a-z]?)/.exec(v);
  if (match === null) return null;
  const unit = match[2] ?? '';
  const factor = unit === '' ? 1 : UNIT_SECONDS[unit];
  if (factor === undefined) return null;
  return Math.floor(Number(match[1]) * factor);
}

export function readCupsRetention(cupsdConf: string): CupsRetention {
  const found: CupsRetention = {
    files: DEFAULT_FILES,
    filesSetting: DEFAULT_FILES_SETTING,
    history: 'forever',
  };
  for (const raw of cupsdConf.split(/\r?\n/)) {
    const line = raw.trim();
    const match = /^(PreserveJobFiles|PreserveJobHistory)\s+(\S+)/i.exec(line);
    if (match === null) continue;
    const value = parseRetention(match[2] ?? '');
    if (value === null) continue;
    if (match[1]?.toLowerCase() === 'preservejobfiles') {
      found.files = value;
      found.filesSetting = match[2] ?? '';
    } else {
      found.history = value;
    }
  }
  return found;
}
