/**
 * The admin's file choices as Electron's native dialogs, attached to the kiosk window. Only the
 * main process ever sees the paths; the renderer just asks for "back up now" or "move a desk here".
 */
import type { BrowserWindow, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { BACKUP_FILE_EXTENSION } from '../../core/crypto/backup-file.ts';
import type { FileChooser } from './kiosk-runtime.ts';

export interface DialogLike {
  showSaveDialog(
    window: BrowserWindow,
    options: SaveDialogOptions,
  ): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(
    window: BrowserWindow,
    options: OpenDialogOptions,
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
}

const FILTERS = {
  backup: [{ name: 'Tanu encrypted backup', extensions: [BACKUP_FILE_EXTENSION] }],
  transfer: [{ name: 'Tanu desk transfer', extensions: ['json'] }],
  provisioning: [{ name: 'Tanu clinic provisioning', extensions: ['json'] }],
};

export function dialogFileChooser(dialog: DialogLike, window: () => BrowserWindow | null): FileChooser {
  return {
    async choosePath(kind, suggestedName) {
      const win = window();
      if (win === null) return null;
      const r = await dialog.showSaveDialog(win, { defaultPath: suggestedName, filters: FILTERS[kind] });
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async openPath(kind) {
      const win = window();
      if (win === null) return null;
      const r = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: FILTERS[kind] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  };
}
