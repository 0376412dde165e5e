/** Handlers of setup:* and session:*. */
import type { SESSION_CHANNELS, SETUP_CHANNELS } from '../../shared/ipc/session-channels.ts';
import type { Operator } from '../../core/operators/operators.ts';
import type { KioskRuntime } from '../runtime/kiosk-runtime.ts';
import { RECOVERABLE_FROM_TRANSFER } from '../../shared/startup-problems.ts';
import type { IpcHandlers } from './router.ts';

export const operatorView = (o: Operator) => ({ id: o.id, displayName: o.displayName, role: o.role });

export function setupHandlers(runtime: KioskRuntime): IpcHandlers<typeof SETUP_CHANNELS> {
  return {
    'setup:status': () => {
      // The start-up screen's "Try again": IT may have fixed what stopped the desk.
      if (runtime.startupFailure !== null) runtime.start();
      const failure = runtime.startupFailure;
      if (!runtime.configured) {
        return {
          needed: failure === null,
          clinicName: null,
          deskId: null,
          timeZone: null,
          languages: null,
          problem: failure?.problem ?? null,
          recoverable: failure !== null && RECOVERABLE_FROM_TRANSFER.has(failure.problem),
        };
      }
      const { config } = runtime.services();
      return {
        needed: false,
        clinicName: config.clinic.name,
        deskId: config.desk.id,
        timeZone: config.clinic.timeZone,
        languages: { enabled: [...config.languages.enabled], default: config.languages.default },
        problem: null,
        recoverable: false,
      };
    },
    'setup:complete': async (input) => operatorView(await runtime.completeSetup(input)),
    'setup:moveHere': async ({ passphrase }) => {
      await runtime.moveHere(passphrase);
      const { config } = runtime.services();
      return { clinicName: config.clinic.name, deskId: config.desk.id };
    },
    'setup:recover': async ({ passphrase }) => {
      await runtime.recoverFromTransfer(passphrase);
      const { config } = runtime.services();
      return { clinicName: config.clinic.name, deskId: config.desk.id };
    },
  };
}

export function sessionHandlers(runtime: KioskRuntime): IpcHandlers<typeof SESSION_CHANNELS> {
  return {
    'session:signIn': async ({ login, secret }) => operatorView(await runtime.signIn(login, secret)),
    'session:signOut': async () => {
      await runtime.signOut();
      return null;
    },
    'session:current': () => (runtime.operator ? operatorView(runtime.operator) : null),
    'session:idle': () => runtime.idleCountdown(),
    'session:confirmPassword': ({ secret }) => {
      runtime.confirmPassword(secret);
      return null;
    },
    // The action itself is what restarts the idle time (the router's session check before this).
    'session:touch': () => {
      runtime.require(null);
      return null;
    },
  };
}
