/**
 * The doctor's phase for a slip printed at reception, in each of the desk's languages: its own
 * title and lead over the code field; the code goes to visit:submitCode (the clinic checks it),
 * the field is cleared, and a wrong code (the clinic's tries left, first given after one) says so.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PatientSummary } from '../../../../src/renderer/api/types.ts';
import type { VisitController } from '../../../../src/renderer/features/visit/useVisit.ts';
import { CodeEntryScreen } from '../../../../src/renderer/features/visit/screens/CodeEntryScreen.tsx';
import { i18n } from '../../../../src/renderer/i18n/index.ts';
import { LOCALES } from '../../../../src/renderer/i18n/locale-files.ts';
import type { IpcResult } from '../../../../src/shared/ipc/contract-kit.ts';
import { LANGUAGES } from '../../../../src/shared/languages.ts';
import type { VisitView } from '../../../../src/shared/visit-view.ts';

const VIEW: VisitView = {
  visitId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  phase: 'receptionSlipEntry',
  deadline: null,
  guidance: [],
  liveness: null,
  attemptsLeft: 3,
  triesLeft: null,
  codeReason: 'consent-refused',
  channel: 'slip',
  destination: null,
  slipOffered: false,
  slipReady: false,
  enrolmentOffered: false,
  templateRefresh: null,
  method: null,
  notificationQueued: null,
  language: null,
};

const PATIENT: PatientSummary = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  familyName: 'Сейтқалиева',
  givenNames: 'Әсел',
  birthDate: '1988-04-12',
  iinMasked: '880412•••••3',
  age: 38,
  minorUnder14: false,
  legallyIncapacitated: false,
  birthDateDisagreesWithIin: false,
  hasPhone: false,
  hasRepresentative: false,
  hasTemplate: false,
  faceConsent: 'refused',
  language: null,
};

function controller(submitCode: VisitController['submitCode']): VisitController {
  const nothing = () => undefined;
  return {
    view: VIEW,
    gone: false,
    busy: false,
    sending: false,
    error: null,
    chooseType: nothing,
    consent: nothing,
    act: nothing,
    submitCode,
    signOffSlip: () => Promise.reject(new Error('not here')),
    printSlip: () => Promise.resolve(false),
    cancel: nothing,
    submitFrame: () => Promise.reject(new Error('not here')),
    refreshTemplate: nothing,
  };
}

describe.each(LANGUAGES)('the reception slip code in %s', (language) => {
  const texts = LOCALES[language];

  it('sends the typed code, clears the field and says when the code was wrong', async () => {
    await i18n.changeLanguage(language);
    const answer: IpcResult<VisitView> = { ok: true, value: { ...VIEW, triesLeft: 4 } };
    const submit = vi.fn((_code: string) => Promise.resolve(answer));
    render(<CodeEntryScreen visit={controller(submit)} patient={PATIENT} phase="receptionSlipEntry" />);
    expect(screen.getByText(texts.receptionSlipEntry.title)).toBeTruthy();
    expect(screen.getByText(texts.receptionSlipEntry.lead)).toBeTruthy();
    const field = screen.getByLabelText(texts.codeEntry.label) as HTMLInputElement;
    fireEvent.change(field, { target: { value: '123 456' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: texts.codeEntry.submit }));
      await Promise.resolve();
    });
    expect(submit).toHaveBeenCalledWith('123456');
    expect(field.value).toBe('');
    expect(screen.getByText(texts.codeEntry.wrong)).toBeTruthy();
  });
});
