/**
 * Printing the code slip on the desk printer without ever writing it to disk (it holds a live
 * code). On Linux the PDF goes to CUPS through `lp`'s standard input. On Windows it is shown in a
 * hidden, sandboxed window by Chromium's PDF viewer from memory and printed silently to the
 * default printer.
 */
import { spawn } from 'node:child_process';
import type { SlipPrinter } from '../runtime/kiosk-runtime.ts';

export function cupsPrinter(command = 'lp'): SlipPrinter {
  return {
    print: (pdf) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(command, ['-s', '-'], { stdio: ['pipe', 'ignore', 'ignore'] });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lp exited with ${code}`))));
        child.stdin.end(Buffer.from(pdf));
      }),
  };
}

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
