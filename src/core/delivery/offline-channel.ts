/**
 * The channel of a desk with no gateway configured: every send is 'unreachable' at once, so the
 * visit says "offline" and offers the printed slip, exactly as during a gateway outage.
 */
import type { DeliveryChannel, DeliveryResult } from './channel.ts';

export const offlineChannel: DeliveryChannel = {
  deliver: (): Promise<DeliveryResult> =>
    Promise.resolve({ status: 'unreachable', reason: 'network', attempts: 0 }),
};
