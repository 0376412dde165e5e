import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcResult } from '../../../shared/ipc/contract-kit.ts';
import type { VisitAction, VisitType, VisitView } from '../../../shared/visit-view.ts';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { CameraFrame } from '../../components/camera/frame-grabber.ts';
import { FINAL_PHASES } from './visit-phases.ts';

/** How often the waiting screens ask main for the visit: main times visits out, not the screen. */
const POLL_MS = 1000;

/** Answers that mean "the visit moved on without us" (a double press, a timeout): reload it. */
const STALE = new Set(['INVALID_EVENT', 'VISIT_ENDED', 'FRAME_NOT_EXPECTED']);

export interface VisitController {
  view: VisitView;
  /** Main no longer knows this visit (it ended and was forgotten, or main restarted). */
  gone: boolean;
  /** A step the doctor or patient pressed is on its way: buttons wait. */
  busy: boolean;
  /** A code is being issued and sent (the gateway can take a few seconds). */
  sending: boolean;
  /** The last failed step's error code, shown on the screen until the next step. */
  error: string | null;
  chooseType: (visitType: VisitType) => void;
  consent: (given: boolean, reason?: string) => void;
  act: (action: VisitAction) => void;
  submitCode: (code: string) => Promise<IpcResult<VisitView>>;
  /** A second operator's login and password, signing off the slip visit. */
  signOffSlip: (login: string, secret: string) => Promise<IpcResult<VisitView>>;
  printSlip: () => Promise<boolean>;
  cancel: () => void;
  submitFrame: (frame: CameraFrame) => Promise<IpcResult<VisitView>>;
  /** The patient's answer to refreshing a template made by an older pipeline. */
  refreshTemplate: (consent: boolean) => void;
}

/** Steps that issue a code, so the screen says "Sending the code…" while they run. */
const SENDS_A_CODE: ReadonlySet<VisitAction> = new Set<VisitAction>([
  'useCode',
  'useSlip',
  'retryDelivery',
  'resendCode',
]);

/**
 * One visit as the screens see it: the latest VisitView from main, and the steps that change it.
 * Answers are applied in the order they were asked for: a poll that was already on its way when a
 * step was pressed is dropped, so an older view never overwrites a newer one.
 */
export function useVisit(initial: VisitView): VisitController {
  const visitId = initial.visitId;
  const [view, setView] = useState(initial);
  const [gone, setGone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Bumped by every step, so a poll answer can tell it is out of date. */
  const generation = useRef(0);
  const inFlight = useRef(0);

  const refresh = useCallback(async () => {
    const asked = generation.current;
    const result = await kioskCall((k) => k.visitView({ visitId }));
    if (asked !== generation.current || inFlight.current > 0) return;
    if (result.ok) setView(result.value);
    else if (result.code === 'VISIT_NOT_FOUND') setGone(true);
  }, [visitId]);

  const run = useCallback(
    async (
      call: () => Promise<IpcResult<VisitView>>,
      mode: { quiet?: boolean; sending?: boolean } = {},
    ): Promise<IpcResult<VisitView>> => {
      generation.current += 1;
      inFlight.current += 1;
      if (!mode.quiet) {
        setBusy(true);
        setError(null);
      }
      if (mode.sending) setSending(true);
      let stale = false;
      try {
        const result = await call();
        if (result.ok) setView(result.value);
        else if (result.code === 'VISIT_NOT_FOUND') setGone(true);
        else if (STALE.has(result.code)) stale = true;
        else if (!mode.quiet) setError(result.code);
        return result;
      } finally {
        inFlight.current -= 1;
        if (!mode.quiet) setBusy(false);
        if (mode.sending) setSending(false);
        if (stale) void refresh();
      }
    },
    [refresh],
  );

  const final = gone || FINAL_PHASES.has(view.phase);
  useEffect(() => {
    if (final) return;
    const timer = setInterval(() => {
      if (inFlight.current === 0) void refresh();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [final, refresh]);

  const chooseType = useCallback(
    (visitType: VisitType) => void run(() => kioskCall((k) => k.visitChooseType({ visitId, visitType }))),
    [run, visitId],
  );

  const consent = useCallback(
    (given: boolean, reason?: string) =>
      void run(() => kioskCall((k) => k.visitConsent({ visitId, given, ...(reason ? { reason } : {}) })), {
        sending: !given,
      }),
    [run, visitId],
  );

  const act = useCallback(
    (action: VisitAction) =>
      void run(() => kioskCall((k) => k.visitAct({ visitId, action })), {
        sending: SENDS_A_CODE.has(action),
      }),
    [run, visitId],
  );

  const submitCode = useCallback(
    (code: string) => run(() => kioskCall((k) => k.visitSubmitCode({ visitId, code }))),
    [run, visitId],
  );

  const signOffSlip = useCallback(
    (login: string, secret: string) =>
      run(() => kioskCall((k) => k.visitSignOffSlip({ visitId, login, secret }))),
    [run, visitId],
  );

  const cancel = useCallback(
    () => void run(() => kioskCall((k) => k.visitCancel({ visitId }))),
    [run, visitId],
  );

  const submitFrame = useCallback(
    (frame: CameraFrame) =>
      run(() => kioskCall((k) => k.visitSubmitFrame({ visitId, frame })), { quiet: true }),
    [run, visitId],
  );

  const refreshTemplate = useCallback(
    (consent: boolean) => void run(() => kioskCall((k) => k.visitRefreshTemplate({ visitId, consent }))),
    [run, visitId],
  );

  /** The slip does not change the visit's phase; printing it only clears `slipReady`. */
  const printSlip = useCallback(async () => {
    setBusy(true);
    setError(null);
    const result = await kioskCall((k) => k.visitPrintSlip({ visitId }));
    setBusy(false);
    if (!result.ok) setError(result.code);
    void refresh();
    return result.ok;
  }, [refresh, visitId]);

  return {
    view,
    gone,
    busy,
    sending,
    error,
    chooseType,
    consent,
    act,
    submitCode,
    signOffSlip,
    printSlip,
    cancel,
    submitFrame,
    refreshTemplate,
  };
}
