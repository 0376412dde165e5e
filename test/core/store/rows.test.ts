/**
 * A repository's statements are prepared once and reused on its connection, and a kept statement
 * carries no caller's mode to the next caller: one that plucks does not make the next get a bare
 * value where it asked for a row.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/store/database.ts';
import { Rows } from '../../../src/core/store/rows.ts';
import { TxRegistry } from '../../../src/core/store/tx.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const newDir = useTempDir('rows');

class ScratchRows extends Rows {
  readonly sql = 'SELECT id, body FROM scratch WHERE id = ?';

  value(id: number): unknown {
    return this.statement(this.sql).pluck().get(id);
  }

  row(id: number): unknown {
    return this.statement(this.sql).get(id);
  }

  prepared(sql: string): unknown {
    return this.statement(sql);
  }
}

function scratch(): ScratchRows {
  const db = openDatabase(join(newDir(), 'test.sqlite'));
  db.exec(
    "CREATE TABLE scratch (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT; INSERT INTO scratch VALUES (1, 'one')",
  );
  return new ScratchRows(db, new TxRegistry().guard);
}

describe('Rows.statement', () => {
  it('prepares a statement once and hands the same one out again', () => {
    const rows = scratch();
    const first = rows.prepared(rows.sql);
    expect(rows.prepared(rows.sql)).toBe(first);
    expect(rows.prepared('SELECT count(*) FROM scratch')).not.toBe(first);
  });

  it('gives a caller that does not pluck a row, after one that plucked', () => {
    const rows = scratch();
    expect(rows.value(1)).toBe(1);
    expect(rows.row(1)).toEqual({ id: 1, body: 'one' });
    expect(rows.value(1)).toBe(1);
  });
});
