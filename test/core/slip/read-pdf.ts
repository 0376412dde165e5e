/**
 * Reads a PDF back with a real parser (pdf.js, as Firefox uses it, via unpdf), so the slip tests check what a
 * viewer or printer driver sees rather than the bytes pdfkit meant to write.
 */
import { getDocumentProxy } from 'unpdf';

export interface ReadPdf {
  pageCount: number;
  /** [width, height] of the first page in points. */
  pageSize: [number, number];
  /** All text on all pages, items joined by single spaces, runs of whitespace collapsed. */
  text: string;
  /** The document information dictionary as pdf.js reports it (Title, Producer, CreationDate…). */
  info: Record<string, unknown>;
  /** The XMP metadata stream, if any, as text. */
  xmp: string | null;
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy. unpdf is pdf.js's
  // own serverless build, without the optional native canvas pdfjs-dist pulls in.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const parts: string[] = [];
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const content = await (await pdf.getPage(n)).getTextContent();
      for (const item of content.items) if ('str' in item) parts.push(item.str);
    }
    const first = await pdf.getPage(1);
    const [, , width, height] = first.view as [number, number, number, number];
    const { info, metadata } = await pdf.getMetadata();
    return {
      pageCount: pdf.numPages,
      pageSize: [width, height],
      text: parts.join(' ').replace(/\s+/g, ' ').trim(),
      info: info as Record<string, unknown>,
      xmp: metadata === null ? null : String(metadata.getRaw()),
    };
  } finally {
    await pdf.loadingTask.destroy();
  }
}
