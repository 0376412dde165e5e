/**
 * The calls the screens make on their own (polls, camera frames, start-up questions): they are
 * not an operator's action, so they do not keep a session alive. Every other call is something
 * the operator did at the desk and restarts the idle time.
 */
import type { IpcChannelName } from './channels.ts';

export const PASSIVE_CHANNELS: ReadonlySet<IpcChannelName> = new Set<IpcChannelName>([
  'app:getVersion',
  'app:getInfo',
  'setup:status',
  'session:current',
  // Someone signing in (perhaps failing to) is not the signed-in operator's action.
  'session:signIn',
  'session:idle',
  // Frames arrive by themselves while the camera runs, whether or not anyone is at the desk.
  'visit:submitFrame',
  'enrol:submitFrame',
  'visit:view',
  'clinic:syncState',
  'admin:alerts',
]);
