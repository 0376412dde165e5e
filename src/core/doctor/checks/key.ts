/** Does the data key open (its subkeys derive)? */
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { deriveSubkeys } from '../../crypto/subkeys.ts';
import { actionLine, line, type CheckLine } from '../check-line.ts';

/** `provider` null: the key is in the OS key store, out of reach of a plain-Node command. */
export function checkKey(provider: KeyProvider | null): CheckLine {
  if (provider === null) {
    return actionLine(
      'key',
      'WARN',
      'out-of-reach',
      {},
      'the data key is in the OS key store, out of reach of this command',
      'Run the same check from the admin screen.',
    );
  }
  deriveSubkeys(provider);
  return line('key', 'OK', 'ok', {}, provider.description ?? 'data key available');
}
