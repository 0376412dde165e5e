/**
 * Keys the patient-facing window swallows in production. With Electron's default menu gone most of
 * them do nothing anyway; they are swallowed all the same, so that no future menu, Chromium
 * default or devtools binding can close, reload, minimise or inspect the kiosk from its keyboard.
 * Matched on the physical key (`code`) as well as the character: on a Kazakh or Russian layout
 * Ctrl+W types "ц", and the shortcut must still be dead.
 */

/** The part of Electron's `Input` (before-input-event) the decision needs. */
export interface KeyInput {
  key: string;
  code: string;
  control: boolean;
  alt: boolean;
  meta: boolean;
  shift: boolean;
}

/** With Ctrl (Cmd on macOS): close, quit, reload, minimise, hide, new window or tab, print, save, open. */
const WITH_COMMAND = new Set(['w', 'q', 'r', 'm', 'h', 'n', 't', 'p', 's', 'o', 'f4', 'f5']);
/** With Ctrl+Shift (Cmd+Alt on macOS): devtools, inspect, console, hard reload. */
const WITH_COMMAND_SHIFT = new Set(['i', 'j', 'c', 'r', 'delete']);
/** With Alt: close the window, history back and forward. */
const WITH_ALT = new Set(['f4', 'arrowleft', 'arrowright', 'home']);
/** On their own: reload, full screen, devtools, caret browsing, and the keyboards' browser keys. */
const ALONE = new Set([
  'f5',
  'f7',
  'f11',
  'f12',
  'browserback',
  'browserforward',
  'browserrefresh',
  'browserhome',
  'browsersearch',
  'browserfavorites',
  'browserstop',
]);

/** "KeyW" → "w", "Digit1" → "1", "F4" → "f4"; the character itself otherwise. */
function names(input: KeyInput): string[] {
  const fromCode = input.code
    .replace(/^Key/, '')
    .replace(/^Digit/, '')
    .toLowerCase();
  return [fromCode, input.key.toLowerCase()];
}

export function isBlockedShortcut(input: KeyInput): boolean {
  const command = input.control || input.meta;
  const keys = names(input);
  const any = (set: ReadonlySet<string>) => keys.some((k) => set.has(k));
  if (command && (input.shift || input.alt) && any(WITH_COMMAND_SHIFT)) return true;
  if (command && any(WITH_COMMAND)) return true;
  if (input.alt && any(WITH_ALT)) return true;
  return any(ALONE);
}
