/** Does CUPS keep a copy of a printed slip (its document file), or forget jobs too soon to confirm one? */
import { existsSync, readFileSync } from 'node:fs';
import { readCupsRetention } from '../cups-retention.ts';
import { actionLine, line, type CheckLine } from '../check-line.ts';

export function checkPrinter(cupsdConf: string): CheckLine {
  if (!existsSync(cupsdConf)) {
    return actionLine(
      'printer',
      'WARN',
      'no-cups',
      { path: cupsdConf },
      `no ${cupsdConf}: CUPS is not installed, code slips cannot be printed`,
      'Install CUPS and set up the slip printer as the default printer (docs/INSTALL.md).',
    );
  }
  const retention = readCupsRetention(readFileSync(cupsdConf, 'utf8'));
  if (retention.files !== 0) {
    return actionLine(
      'printer',
      'WARN',
      'keeps-files',
      { path: cupsdConf, value: retention.filesSetting },
      `CUPS keeps printed documents (PreserveJobFiles ${retention.filesSetting}): a slip whose job Tanu could not purge (power cut mid-print) would stay in /var/spool/cups`,
      `Set "PreserveJobFiles No" in ${cupsdConf} and restart CUPS (docs/INSTALL.md).`,
    );
  }
  if (retention.history === 0) {
    return actionLine(
      'printer',
      'WARN',
      'no-history',
      { path: cupsdConf },
      'CUPS forgets a job as soon as it ends (PreserveJobHistory No): Tanu cannot confirm that a slip printed and reports every slip as not printed',
      `Remove "PreserveJobHistory No" from ${cupsdConf} and restart CUPS (Tanu purges its own jobs).`,
    );
  }
  return line(
    'printer',
    'OK',
    'ok',
    {},
    'CUPS deletes each printed document when its job ends (PreserveJobFiles No)',
  );
}
