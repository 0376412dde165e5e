import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { EngineResponse } from '../../../src/core/face/engine-protocol.ts';
import {
  utilityProcessEngine,
  type UtilityProcessLike,
} from '../../../src/main/engine/utility-process-engine.ts';

class FakeChild extends EventEmitter implements UtilityProcessLike {
  sent: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    // Electron clones the message: keep a deep copy, as the engine process would receive it.
    this.sent.push(structuredClone(message));
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

describe('utilityProcessEngine', () => {
  it('sends a copy of the frame to the engine process and zeroes the one left in main', () => {
    const child = new FakeChild();
    const channel = utilityProcessEngine(() => child)();
    const buffer = new Uint8Array([9, 8, 7, 6]).buffer;
    channel.send(
      { id: 1, type: 'analyze', frame: { buffer, width: 1, height: 1, format: 'rgba' }, options: {} },
      [buffer],
    );
    const received = child.sent[0] as { frame: { buffer: ArrayBuffer } };
    expect([...new Uint8Array(received.frame.buffer)]).toEqual([9, 8, 7, 6]);
    expect([...new Uint8Array(buffer)]).toEqual([0, 0, 0, 0]);
  });

  it('passes replies through and reports an exit once, without killing an exited process', async () => {
    const child = new FakeChild();
    const channel = utilityProcessEngine(() => child)();
    const replies: EngineResponse[] = [];
    const exits: string[] = [];
    channel.onMessage((r) => replies.push(r));
    channel.onExit((reason) => exits.push(reason));
    child.emit('message', { id: 3, ok: false, code: 'INVALID_FRAME', message: 'm' });
    child.emit('exit', 139);
    await channel.terminate();
    expect(replies).toEqual([{ id: 3, ok: false, code: 'INVALID_FRAME', message: 'm' }]);
    expect(exits).toEqual(['engine process exited with code 139']);
    expect(child.killed).toBe(false);
  });
});
