/**
 * Starting the kiosk with the OS session (configuration key startWithSystem). Windows and macOS
 * have a login-item API; on Linux desktops it is an XDG autostart entry. For an AppImage the entry
 * must point at the .AppImage file, not at the temporary mount it runs from.
 */
import { join } from 'node:path';

export interface AutostartDeps {
  platform: NodeJS.Platform;
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  /** The program to start: $APPIMAGE for an AppImage, else the executable. */
  executable: string;
  /** XDG_CONFIG_HOME or ~/.config. */
  configHome: string;
  writeFile(path: string, text: string): void;
  removeFile(path: string): void;
  makeDir(path: string): void;
}

export function autostartEntryPath(configHome: string): string {
  return join(configHome, 'autostart', 'tanu.desktop');
}

export function desktopEntry(executable: string): string {
  // Quoted per the Desktop Entry spec, so a path with spaces still starts.
  const exec = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Tanu',
    'Comment=Patient identification kiosk',
    `Exec=${exec}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

export function applyAutostart(enabled: boolean, deps: AutostartDeps): void {
  if (deps.platform !== 'linux') {
    deps.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  const path = autostartEntryPath(deps.configHome);
  if (!enabled) {
    deps.removeFile(path);
    return;
  }
  deps.makeDir(join(deps.configHome, 'autostart'));
  deps.writeFile(path, desktopEntry(deps.executable));
}
