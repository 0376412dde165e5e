/** Is there room on the data folder's disk? SQLite refuses writes on a full one. */
import { existsSync, statfsSync } from 'node:fs';
import { actionLine, line, type CheckLine } from '../check-line.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export function checkDisk(dataDir: string): CheckLine {
  const s = statfsSync(existsSync(dataDir) ? dataDir : '.');
  const free = s.bavail * s.bsize;
  const text = `${(free / GiB).toFixed(1)} GiB free`;
  const params = { gib: Number((free / GiB).toFixed(1)) };
  if (free < 200 * MiB) {
    return actionLine(
      'disk',
      'FAIL',
      'critical',
      params,
      text,
      'Free disk space now: the database refuses writes when the disk is full.',
    );
  }
  if (free < GiB) return actionLine('disk', 'WARN', 'low', params, text, 'Free some disk space soon.');
  return line('disk', 'OK', 'ok', params, text);
}
