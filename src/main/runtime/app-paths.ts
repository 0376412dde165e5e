/**
 * Where the kiosk's files are. Read-only resources (models, decision rule) sit next to the app
 * when run from a checkout and in the installer's resources folder when packaged; the database,
 * configuration, sealed key, secrets and logs sit in the OS's per-app data folder.
 */
import { join } from 'node:path';

export interface AppLocations {
  isPackaged: boolean;
  appPath: string;
  resourcesPath: string;
  userData: string;
}

export function kioskPaths(l: AppLocations) {
  const resources = l.isPackaged ? l.resourcesPath : join(l.appPath, 'resources');
  return {
    modelsDir: l.isPackaged ? join(l.resourcesPath, 'models') : join(l.appPath, 'models'),
    decisionRule: join(resources, 'decision-rule.json'),
    selftestImage: join(resources, 'selftest', 'face.jpg'),
    dataDir: l.userData,
    sealedKey: join(l.userData, 'data-key.sealed'),
    logsDir: join(l.userData, 'logs'),
  };
}
