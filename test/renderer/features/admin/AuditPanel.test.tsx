/**
 * The audit tab in each of the desk's languages, against a stubbed window.kiosk: the newest rows
 * of the trail, every event of the shared list named in that language's own words (no event falls
 * back to its code, and no two events read the same), who did it, or the desk itself.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditPanel } from '../../../../src/renderer/features/admin/AuditPanel.tsx';
import { i18n } from '../../../../src/renderer/i18n/index.ts';
import { LOCALES } from '../../../../src/renderer/i18n/locale-files.ts';
import { AUDIT_EVENTS } from '../../../../src/shared/audit-events.ts';
import type { KioskApi } from '../../../../src/shared/ipc/channels.ts';
import { LANGUAGES } from '../../../../src/shared/languages.ts';

/** One row of every event, newest first; the desk's own rows have no operator. */
const ROWS = AUDIT_EVENTS.map((event, i) => ({
  seq: AUDIT_EVENTS.length - i,
  at: '2026-12-02T08:00:00.000Z',
  event,
  operator: event === 'app_started' ? null : 'Dr Aida Bekova',
}));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe.each(LANGUAGES)('the audit tab in %s', (language) => {
  const texts = LOCALES[language];

  it('names every event of the trail in this language, and who did it', async () => {
    await i18n.changeLanguage(language);
    vi.stubGlobal('kiosk', {
      adminAuditTrail: () => Promise.resolve({ ok: true, value: ROWS }),
    } as Partial<KioskApi>);
    render(<AuditPanel />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: texts.admin.audit.show }));
    });
    const list = screen.getByRole('region', { name: texts.admin.audit.recentTitle });
    const rows = within(list).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(AUDIT_EVENTS.length);
    const names = AUDIT_EVENTS.map((event) => texts.auditEvents[event]);
    expect(new Set(names).size).toBe(AUDIT_EVENTS.length);
    for (const [i, event] of AUDIT_EVENTS.entries()) {
      const row = rows[i] as HTMLElement;
      expect(row.dataset['event']).toBe(event);
      const name = within(row).getByRole('rowheader').textContent;
      expect(name).toBe(texts.auditEvents[event]);
      expect(name).not.toBe(event);
    }
    const started = rows[AUDIT_EVENTS.indexOf('app_started')] as HTMLElement;
    expect(within(started).getByText(texts.admin.audit.theDesk)).toBeTruthy();
    expect(within(rows[0] as HTMLElement).getByText('Dr Aida Bekova')).toBeTruthy();
  });

  it('says so when the trail has no rows yet', async () => {
    await i18n.changeLanguage(language);
    vi.stubGlobal('kiosk', {
      adminAuditTrail: () => Promise.resolve({ ok: true, value: [] }),
    } as Partial<KioskApi>);
    render(<AuditPanel />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: texts.admin.audit.show }));
    });
    expect(screen.getByText(texts.admin.audit.noRows)).toBeTruthy();
  });
});
