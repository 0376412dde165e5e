/**
 * The gateway channel for a configuration: the HTTPS client with its token from the secret store,
 * or the offline channel when no gateway is configured. A configured gateway whose token is not
 * stored is reported (so `doctor` and the log say so) and runs offline: codes then go by slip,
 * which beats refusing to open the desk in the morning.
 */
import type { KioskConfig } from '../../core/config/kiosk-config.ts';
import type { SecretStore } from '../../core/crypto/secret-store.ts';
import type { DeliveryChannel } from '../../core/delivery/channel.ts';
import { GatewayClient } from '../../core/delivery/gateway-client.ts';
import { offlineChannel } from '../../core/delivery/offline-channel.ts';

export function gatewayChannel(
  config: KioskConfig,
  secrets: SecretStore,
  warn: (message: string) => void = () => undefined,
): DeliveryChannel {
  const gateway = config.gateway;
  if (gateway === null) return offlineChannel;
  if (!secrets.has(gateway.credentialsRef)) {
    warn(`gateway configured but its secret "${gateway.credentialsRef}" is not stored: running offline`);
    return offlineChannel;
  }
  return new GatewayClient({
    baseUrl: gateway.baseUrl,
    token: secrets.get(gateway.credentialsRef),
    timeoutMs: gateway.timeoutMs,
    maxAttempts: gateway.maxAttempts,
  });
}
