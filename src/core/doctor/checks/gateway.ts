/** Is the e-government gateway configured, its token stored, and does it accept the token? */
import { join } from 'node:path';
import type { KioskConfig } from '../../config/kiosk-config.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { SECRETS_FILE_NAME, SecretStore } from '../../crypto/secret-store.ts';
import { deriveSubkeys } from '../../crypto/subkeys.ts';
import { GatewayClient } from '../../delivery/gateway-client.ts';
import { actionLine, line, type CheckLine } from '../check-line.ts';

/** `config` null: not set up (no gateway); `provider` null: the stored token cannot be opened. */
export async function checkGateway(
  config: KioskConfig | null,
  dataDir: string,
  provider: KeyProvider | null,
): Promise<CheckLine> {
  const gateway = config?.gateway ?? null;
  if (gateway === null) {
    return actionLine(
      'gateway',
      'WARN',
      'offline',
      {},
      'offline — codes by slip only',
      'Configure the e-government gateway in the admin settings if this desk has a network.',
    );
  }
  const url = gateway.baseUrl;
  if (provider === null) {
    return line('gateway', 'WARN', 'no-key', { url }, `${url}: token not checked without the key`);
  }
  const secrets = new SecretStore(join(dataDir, SECRETS_FILE_NAME), deriveSubkeys(provider)['secret-store']);
  if (!secrets.has(gateway.credentialsRef)) {
    return actionLine(
      'gateway',
      'FAIL',
      'no-token',
      { name: gateway.credentialsRef },
      `no token stored under "${gateway.credentialsRef}"`,
      'Enter the gateway token in the admin settings.',
    );
  }
  const answer = await new GatewayClient({
    baseUrl: url,
    token: secrets.get(gateway.credentialsRef),
  }).probe();
  if (answer === 'ok') return line('gateway', 'OK', 'ok', { url }, `${url} answers`);
  if (answer === 'unauthorized') {
    return actionLine(
      'gateway',
      'FAIL',
      'refused',
      { url },
      `${url} refuses the token`,
      'Enter the current token in the admin settings.',
    );
  }
  return actionLine(
    'gateway',
    'WARN',
    'unreachable',
    { url },
    `${url} does not answer — codes by slip only until it does`,
    'Check the network and the gateway URL.',
  );
}
