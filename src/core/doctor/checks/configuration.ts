/** Is the desk set up: its configuration file there and valid? */
import { readConfigFile } from '../../config/config-file.ts';
import type { KioskConfig } from '../../config/kiosk-config.ts';
import { actionLine, failedLine, line, type CheckLine } from '../check-line.ts';

/** The line, and the configuration for the checks that need it (null when missing or invalid). */
export function checkConfiguration(configPath: string): { line: CheckLine; config: KioskConfig | null } {
  let config: KioskConfig | null;
  try {
    config = readConfigFile(configPath);
  } catch (error) {
    return { line: failedLine('configuration', error), config: null };
  }
  if (config === null) {
    return {
      line: actionLine(
        'configuration',
        'WARN',
        'missing',
        { path: configPath },
        `no ${configPath} yet`,
        'Start the kiosk and complete the first-start setup.',
      ),
      config,
    };
  }
  return {
    line: line(
      'configuration',
      'OK',
      'ok',
      { clinic: config.clinic.name, desk: config.desk.id },
      `${config.clinic.name}, desk ${config.desk.id}`,
    ),
    config,
  };
}
