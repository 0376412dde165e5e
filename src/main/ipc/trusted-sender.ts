/**
 * Who may call IPC: the top-level frame of our own page (app://tanu, or the dev server in
 * unpackaged builds) — the same rule that decides where the window may navigate.
 */
import { isAllowedNavigation } from '../security/navigation.ts';
import type { IpcSender } from './router.ts';

export function trustedSenderCheck(devOrigin: string | null): (sender: IpcSender) => boolean {
  return (sender) =>
    sender.isMainFrame === true &&
    typeof sender.url === 'string' &&
    isAllowedNavigation(sender.url, devOrigin);
}
