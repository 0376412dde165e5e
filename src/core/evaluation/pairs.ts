/**
 * The pair-file format every accuracy command uses: a TSV with a header line and the columns
 * a, b (image paths relative to the images folder), same (1/0) and optionally fold.
 */
export interface Pair {
  a: string;
  b: string;
  same: boolean;
  fold: number;
}

export function parsePairs(text: string): Pair[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const header = (lines.shift() ?? '').split('\t').map((h) => h.trim());
  const col = (name: string): number => header.indexOf(name);
  const [ia, ib, is, ifold] = [col('a'), col('b'), col('same'), col('fold')];
  if (ia < 0 || ib < 0 || is < 0) {
    throw new Error(
      `The pairs file needs a header with columns a, b and same (found: ${header.join(', ')}).`,
    );
  }
  return lines.map((line, n) => {
    const cells = line.split('\t');
    const a = cells[ia]?.trim();
    const b = cells[ib]?.trim();
    const same = cells[is]?.trim();
    if (!a || !b || (same !== '1' && same !== '0')) {
      throw new Error(`Line ${n + 2} of the pairs file is malformed: ${JSON.stringify(line)}`);
    }
    const fold = ifold >= 0 ? Number(cells[ifold]) : 1;
    if (!Number.isInteger(fold)) throw new Error(`Line ${n + 2}: fold must be a whole number.`);
    return { a, b, same: same === '1', fold };
  });
}
