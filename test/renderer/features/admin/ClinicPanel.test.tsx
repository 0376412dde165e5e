/**
 * The clinic tab and the sync line, in each of the desk's languages, against a stubbed
 * window.kiosk: a single desk says it works alone; a clinic desk shows its connection, what the
 * clinic acknowledged, what is still only here, and the clinic's desks; past the offline budget
 * every screen's line says so, and nothing shows while all is well.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncBanner } from '../../../../src/renderer/app/SyncBanner.tsx';
import { ClinicPanel } from '../../../../src/renderer/features/admin/ClinicPanel.tsx';
import { i18n } from '../../../../src/renderer/i18n/index.ts';
import { LOCALES } from '../../../../src/renderer/i18n/locale-files.ts';
import type { KioskApi } from '../../../../src/shared/ipc/channels.ts';
import type { ClinicStatus, SyncState } from '../../../../src/shared/ipc/clinic-channels.ts';
import { LANGUAGES } from '../../../../src/shared/languages.ts';

const CLINIC: ClinicStatus = {
  mode: 'clinic',
  desk: 'desk-12',
  server: '10.0.0.5/clinic',
  state: 'offline',
  lastContactAt: '2026-12-01T08:00:00.000Z',
  acknowledged: { seq: 41, at: '2026-12-01T08:00:00.000Z' },
  unsent: { decisions: 7, oldestAt: '2026-12-01T09:00:00.000Z', changes: 2 },
  budget: { hours: 24, decisions: 500 },
  overBudget: { reason: 'hours', amount: 27 },
  desks: [
    {
      desk: 'desk-3',
      lastContactAt: '2026-12-02T07:59:00.000Z',
      headSeq: 812,
      acknowledgedAt: null,
      unsentDecisions: 3,
      revoked: false,
    },
    {
      desk: 'desk-12',
      lastContactAt: null,
      headSeq: 41,
      acknowledgedAt: null,
      unsentDecisions: null,
      revoked: true,
    },
  ],
  rejects: {
    total: 1_204,
    newest: [{ desk: 'desk-3', kind: 'patient.upsert', reason: 'iin_taken', at: '2026-12-02T07:00:00.000Z' }],
  },
  duplicates: [
    {
      desk: 'desk-3',
      kind: 'duplicate_face',
      patientId: '0190a7e2-1c3d-7000-8000-000000000001',
      otherPatientId: '0190a7e2-1c3d-7000-8000-000000000002',
      at: '2026-12-02T07:30:00.000Z',
    },
  ],
};

function stub(status: ClinicStatus, sync: SyncState): void {
  vi.stubGlobal('kiosk', {
    clinicStatus: () => Promise.resolve({ ok: true, value: status }),
    clinicSyncState: () => Promise.resolve({ ok: true, value: sync }),
  } as Partial<KioskApi>);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe.each(LANGUAGES)('the clinic tab in %s', (language) => {
  const texts = LOCALES[language].clinicLink;

  it('a single desk says it works alone', async () => {
    await i18n.changeLanguage(language);
    stub({ mode: 'single' }, { mode: 'single' });
    await act(async () => {
      render(<ClinicPanel />);
    });
    screen.getByRole('heading', { name: texts.single });
    // …and offers to join the clinic with the provisioning file IT made.
    screen.getByRole('heading', { name: texts.joinTitle });
    screen.getByRole('button', { name: texts.join });
    expect(document.querySelector('[data-clinic]')?.getAttribute('data-clinic')).toBe('single');
  });

  it("a refused join says why in the screen's own words: another desk's certificate, or none for a network server", async () => {
    await i18n.changeLanguage(language);
    const refusals = ['CLINIC_CERTIFICATE_INVALID', 'CLINIC_TLS_REQUIRED'];
    vi.stubGlobal('kiosk', {
      clinicStatus: () => Promise.resolve({ ok: true, value: { mode: 'single' } }),
      clinicSyncState: () => Promise.resolve({ ok: true, value: { mode: 'single' } }),
      clinicJoin: () => Promise.resolve({ ok: false, code: refusals.shift() ?? 'UNEXPECTED' }),
    } as unknown as Partial<KioskApi>);
    await act(async () => {
      render(<ClinicPanel />);
    });
    fireEvent.change(screen.getByLabelText(texts.passphrase), { target: { value: 'a passphrase' } });
    for (const said of [texts.certificateInvalid, texts.tlsRequired]) {
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: texts.join }));
      });
      expect(screen.getByRole('alert').textContent).toBe(said);
    }
  });

  it("a clinic desk shows its link, the budget it exceeded and the clinic's desks", async () => {
    await i18n.changeLanguage(language);
    stub(CLINIC, { mode: 'clinic', state: 'offline', overBudget: { reason: 'hours', amount: 27 } });
    await act(async () => {
      render(<ClinicPanel />);
    });
    screen.getByText(texts.states.offline);
    screen.getByText('10.0.0.5/clinic');
    screen.getByText(texts.over.hours.replace('{{amount}}', '27'));
    const rows = document.querySelectorAll('tr[data-desk]');
    expect([...rows].map((r) => r.getAttribute('data-desk'))).toEqual(['desk-3', 'desk-12']);
    expect(rows[0]?.textContent).toContain('812');
    expect(rows[1]?.textContent).toContain(texts.revokedDesk);
    // Every desk's unsent decisions as the clinic last heard them, under their own heading.
    screen.getByRole('columnheader', { name: texts.deskUnsent });
    expect([...rows].map((r) => r.querySelector('[data-unsent]')?.textContent)).toEqual(['3', '—']);
    screen.getByText(/iin_taken/);
    // The clinic holds more refused changes than the tab lists: it says how many, newest first.
    expect(document.querySelector('[data-rejects-total]')?.textContent).toBe(
      texts.rejectsNewest.replace('{{total}}', '1204').replace('{{shown}}', '1'),
    );
    // The clinic's duplicate flags, under their own heading, each kind in the admin's language.
    screen.getByRole('heading', { name: texts.duplicates });
    const flags = document.querySelectorAll('li[data-flag]');
    expect([...flags].map((f) => f.getAttribute('data-flag'))).toEqual(['duplicate_face']);
    expect(flags[0]?.textContent).toContain(texts.flagKinds.duplicate_face);
  });

  it('the line on every screen shows the exceeded budget, and nothing while all is well', async () => {
    await i18n.changeLanguage(language);
    stub(CLINIC, { mode: 'clinic', state: 'offline', overBudget: { reason: 'decisions', amount: 512 } });
    const { unmount } = await act(async () => render(<SyncBanner />));
    expect(screen.getByRole('status').textContent).toBe(texts.over.decisions.replace('{{amount}}', '512'));
    unmount();

    stub(CLINIC, { mode: 'clinic', state: 'online', overBudget: null });
    await act(async () => {
      render(<SyncBanner />);
    });
    expect(screen.queryByRole('status')).toBeNull();
  });
});
