/**
 * The patients' phones in the simulation: a delivery channel that hands each message to the phone
 * of its number, where the simulated patient reads the code off the screen as a real one would.
 * Nothing leaves the process; the texts are kept only until the run ends.
 */
import type { DeliveryChannel, DeliveryMessage, DeliveryResult } from '../../src/core/delivery/channel.ts';

export class SimulatedPhones implements DeliveryChannel {
  readonly #inbox = new Map<string, string[]>();
  #sent = 0;

  deliver(message: DeliveryMessage): Promise<DeliveryResult> {
    const texts = this.#inbox.get(message.to) ?? [];
    texts.push(message.text);
    this.#inbox.set(message.to, texts);
    this.#sent += 1;
    return Promise.resolve({ status: 'delivered', gatewayId: `sim-${this.#sent}`, attempts: 1 });
  }

  /** The six digits of the newest message to `phone` that holds a code. */
  lastCode(phone: string): string | null {
    const texts = this.#inbox.get(phone) ?? [];
    for (let i = texts.length - 1; i >= 0; i -= 1) {
      // Written as 123456 or, in some languages' texts, 123 456.
      const code = /\b(\d{3}) ?(\d{3})\b/.exec(texts[i] ?? '');
      if (code) return `${code[1]}${code[2]}`;
    }
    return null;
  }
}
