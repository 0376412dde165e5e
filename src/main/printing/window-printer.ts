/**
 * Printing the code slip on Windows without writing it to disk (it holds a live code): the PDF is
 * shown from memory in a hidden, sandboxed window by Chromium's PDF viewer and printed silently to
 * the default printer. Windows' spooler deletes its spool file once the job has printed, unless
 * "Keep printed documents" is set on the printer (docs/INSTALL.md: IT leaves it off). Linux desks
 * print through CUPS: cups-printer.ts.
 */
import type { SlipPrinter } from '../runtime/kiosk-runtime.ts';

/** The part of BrowserWindow printing needs (so the module has no Electron import). */
export interface PrintWindow {
  loadURL(url: string): Promise<void>;
  webContents: {
    print(
      options: { silent: boolean; printBackground: boolean },
      callback: (ok: boolean, reason: string) => void,
    ): void;
  };
  destroy(): void;
}

export function windowPrinter(openHiddenWindow: () => PrintWindow): SlipPrinter {
  return {
    async print(pdf) {
      const win = openHiddenWindow();
      try {
        await win.loadURL(`data:application/pdf;base64,${Buffer.from(pdf).toString('base64')}`);
        await new Promise<void>((resolve, reject) => {
          win.webContents.print({ silent: true, printBackground: true }, (ok, reason) =>
            ok ? resolve() : reject(new Error(`print failed: ${reason}`)),
          );
        });
      } finally {
        win.destroy();
      }
    },
  };
}
