/**
 * Channels about the application itself (no patient data).
 */
import { z } from 'zod';
import { defineChannel } from './contract-kit.ts';
import type { IpcContract } from './contract-kit.ts';

/** Request schema of channels that take no argument. */
export const NO_REQUEST = z.undefined();

export const APP_CHANNELS = {
  'app:getVersion': defineChannel({ request: NO_REQUEST, response: z.string().min(1) }),
  'app:getInfo': defineChannel({
    request: NO_REQUEST,
    response: z.object({ version: z.string().min(1), platform: z.string().min(1) }),
  }),
} as const satisfies IpcContract;
