/**
 * The log never holds a frame, a descriptor, a code, a full IIN, a phone number or a secret: such
 * values are fed through the logger in every shape we can think of, and the files are searched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileLogger } from '../../../src/core/logging/logger.ts';
import { redactString } from '../../../src/core/logging/redact.ts';
import { makeIin } from '../../support/iin.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('logger');

function allLogText(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}

describe('fileLogger', () => {
  it('writes JSON lines with time, level and event, honouring the level setting', () => {
    const dir = tempDir();
    const log = fileLogger({ dir, level: 'info', now: () => new Date('2026-11-22T09:00:00Z') });
    log.debug('not written');
    log.info('visit.started', { deskId: 'desk-12', phase: 'askingConsent' });
    log.setLevel('debug');
    log.debug('now written');
    const lines = allLogText(dir)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        deskId: 'desk-12',
        phase: 'askingConsent',
        t: '2026-11-22T09:00:00.000Z',
        level: 'info',
        event: 'visit.started',
      },
      { t: '2026-11-22T09:00:00.000Z', level: 'debug', event: 'now written' },
    ]);
  });

  it('rotates by size and keeps a bounded number of files', () => {
    const dir = tempDir();
    const log = fileLogger({ dir, level: 'info', maxBytes: 2000, keep: 3 });
    for (let i = 0; i < 200; i += 1) log.info('tick', { i, note: 'x'.repeat(50) });
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['tanu.1.log', 'tanu.2.log', 'tanu.3.log', 'tanu.log']);
    for (const f of files) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(2000);
    expect(allLogText(dir)).toContain('"i":199');
  });

  it('never lets a frame, descriptor, code, full IIN, phone or token through', () => {
    const dir = tempDir();
    const log = fileLogger({ dir, level: 'debug' });
    const iin = makeIin('1988-04-12', 'female', 42);
    const code = '048213';
    const phone = '+77011234567';
    const token = 'Bearer egov-abcdef0123456789';
    const descriptor = Array.from({ length: 128 }, (_, i) => Math.sin(i) * 0.1234567);
    const frame = new Uint8Array(640 * 480 * 4).fill(173);
    log.info('search', { query: `IIN ${iin}`, iin, phone, to: phone });
    log.warn('code', {
      code,
      message: `user typed ${code} twice`,
      spaced: `${code.slice(0, 3)} ${code.slice(3)}`,
    });
    log.error('engine', {
      frame,
      descriptor,
      payload: frame,
      nested: { deeper: { descriptor, data: frame.buffer } },
    });
    log.error('gateway failed', { error: new Error(`401 for ${token} sending ${code} to ${phone}`) });
    log.debug('headers', {
      authorization: token,
      secret: 'hunter22',
      password: 'pw',
      template: [descriptor],
    });
    const text = allLogText(dir);
    for (const forbidden of [
      iin,
      code,
      '048 213',
      phone,
      '7011234567',
      token,
      'egov-abcdef',
      'hunter22',
      String(descriptor[5]),
      '173,173',
    ]) {
      expect(text, forbidden).not.toContain(forbidden);
    }
    expect(text).toContain(`${iin.slice(0, 6)}•••••${iin.slice(-1)}`);
    expect(text).toContain('[binary 1228800 bytes]');
  });

  it('masks every 12-digit IIN and 6-digit code wherever it sits in a string (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }),
        fc.stringMatching(/^[0-9]{12}$/),
        fc.stringMatching(/^[0-9]{6}$/),
        fc.string({ maxLength: 20 }),
        (before, iin, code, after) => {
          const sep = (s: string) => (s === '' || /\D$/.test(s) ? s : `${s} `);
          const out = redactString(
            `${sep(before)}${iin} x ${code}${/^\d/.test(after) ? ` ${after}` : after}`,
          );
          expect(out).not.toContain(iin);
          expect(out).not.toContain(` ${code}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
