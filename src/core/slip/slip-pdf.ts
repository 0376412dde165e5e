/**
 * The printed code slip for a patient with no phone: one A5 page with the clinic, the heading, the
 * code, when it was issued and until when it is valid, the patient's initials and one line of
 * instruction. Nothing else about the patient is taken, so nothing else can be printed.
 *
 * The output is deterministic (same input, same bytes): the PDF's creation date is the issue time,
 * and pdfkit derives the file ID from the info dictionary, so a slip can be reprinted identically.
 */
import PDFDocument from 'pdfkit';
import { SlipError } from '../../shared/slip-errors.ts';
import { slipFont } from './slip-fonts.ts';
import { parseSlipInput, type SlipInput } from './slip-input.ts';
import { slipHeading, slipLines, type SlipLines } from './slip-text.ts';

export type { SlipInput } from './slip-input.ts';

/** A5 portrait (148 × 210 mm): every desk laser printer takes it, and it folds into a pocket. */
const PAGE_SIZE = 'A5';
/** 15 mm: clear of the unprintable edge of common laser printers. */
const MARGIN = 42;
/**
 * pdfkit starts a new page when text reaches its bottom margin; ours is smaller than the layout's
 * so the instruction, pinned to the layout's bottom, never trips it. Overflow is checked explicitly.
 */
const PDFKIT_MARGIN = 12;

const REGULAR = 'slip-regular';
const BOLD = 'slip-bold';

type Doc = InstanceType<typeof PDFDocument>;

function rule(doc: Doc, y: number): void {
  doc
    .lineWidth(0.75)
    .moveTo(MARGIN, y)
    .lineTo(doc.page.width - MARGIN, y)
    .stroke();
}

/** Draws the lines top-down; returns false if they would not fit on the page. */
function drawSlip(doc: Doc, lines: SlipLines): boolean {
  const width = doc.page.width - 2 * MARGIN;
  const centred = { width, align: 'center' } as const;

  doc.font(BOLD).fontSize(14).text(lines.clinic, MARGIN, MARGIN, centred);
  rule(doc, doc.y + 8);
  doc
    .font(REGULAR)
    .fontSize(16)
    .text(lines.heading, MARGIN, doc.y + 24, centred);

  const boxTop = doc.y + 12;
  const boxHeight = 92;
  doc.lineWidth(2).roundedRect(MARGIN, boxTop, width, boxHeight, 8).stroke();
  doc.font(BOLD).fontSize(54);
  doc.text(lines.code, MARGIN, boxTop + (boxHeight - doc.currentLineHeight()) / 2, centred);

  doc
    .font(REGULAR)
    .fontSize(12)
    .text(lines.issued, MARGIN, boxTop + boxHeight + 18, centred);
  doc
    .font(BOLD)
    .fontSize(14)
    .text(lines.validUntil, MARGIN, doc.y + 6, centred);
  doc
    .font(REGULAR)
    .fontSize(13)
    .text(lines.patient, MARGIN, doc.y + 18, centred);
  const contentBottom = doc.y;

  doc.font(REGULAR).fontSize(12);
  const instructionTop = doc.page.height - MARGIN - doc.heightOfString(lines.instruction, centred);
  if (contentBottom > instructionTop - 24) return false;
  rule(doc, instructionTop - 12);
  doc.text(lines.instruction, MARGIN, instructionTop, centred);
  return true;
}

async function renderPdf(input: SlipInput, lines: SlipLines): Promise<Buffer> {
  const [regular, bold] = await Promise.all([slipFont('regular'), slipFont('bold')]);
  const doc = new PDFDocument({
    size: PAGE_SIZE,
    margin: PDFKIT_MARGIN,
    lang: input.language,
    // The title is what a print queue shows: the heading, never the code or the initials.
    info: {
      Title: slipHeading(input.language),
      Producer: 'Tanu',
      Creator: 'Tanu',
      CreationDate: input.issuedAt,
    },
  });
  const chunks: Uint8Array[] = [];
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  let pages = 1;
  doc.on('pageAdded', () => (pages += 1));
  doc.registerFont(REGULAR, regular).registerFont(BOLD, bold);
  const fits = drawSlip(doc, lines);
  doc.end();
  const pdf = await ended;
  if (!fits || pages !== 1) {
    throw new SlipError('SLIP_RENDER_FAILED', 'The slip does not fit on one page.');
  }
  return pdf;
}

/** The slip as PDF bytes for the desk printer; a SlipError for bad input or a failed render. */
export async function renderCodeSlip(input: SlipInput): Promise<Buffer> {
  const valid = parseSlipInput(input);
  const lines = slipLines(valid);
  try {
    return await renderPdf(valid, lines);
  } catch (error) {
    if (error instanceof SlipError) throw error;
    // pdfkit's own message is not passed on: it might quote the text it failed on.
    throw new SlipError('SLIP_RENDER_FAILED', 'The slip PDF could not be rendered.');
  }
}
