/**
 * The slip's typeface, DejaVu Sans (regular and bold). The PDF standard fonts have no Cyrillic, and
 * Kazakh needs ә ғ қ ң ө ұ ү һ і besides, which DejaVu covers; the fonts are embedded (subset) in each
 * PDF so the desk printer needs nothing installed.
 *
 * The files are resolved from the dejavu-fonts-ttf package at run time rather than copied into
 * resources/: the main process loads its dependencies from node_modules (electron-vite externalises
 * them), so the package is wherever pdfkit is, in development, tests and the packaged app (Electron's
 * fs reads inside app.asar), and its licence travels with it. createRequire resolves from this
 * module's URL, which also works once src/core is bundled into out/main.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { SlipError } from '../../shared/slip-errors.ts';

export type SlipFontWeight = 'regular' | 'bold';

const FONT_FILE: Record<SlipFontWeight, string> = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
};

const cache = new Map<SlipFontWeight, Promise<Buffer>>();

async function readFont(weight: SlipFontWeight): Promise<Buffer> {
  try {
    return await readFile(createRequire(import.meta.url).resolve(FONT_FILE[weight]));
  } catch {
    throw new SlipError('SLIP_FONT_MISSING', `The slip font ${FONT_FILE[weight]} cannot be read.`);
  }
}

/** The TrueType bytes of one weight, read once per process (about 0.7 MB each). */
export function slipFont(weight: SlipFontWeight): Promise<Buffer> {
  let font = cache.get(weight);
  if (font === undefined) {
    font = readFont(weight);
    // A failed read is not cached: a later slip retries once the install is repaired.
    font.catch(() => cache.delete(weight));
    cache.set(weight, font);
  }
  return font;
}
