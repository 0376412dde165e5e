/**
 * Runs the face engine in an Electron utilityProcess: a crash takes down only the engine, which
 * FaceEngine then restarts, never the window.
 */
import type { EngineRequest, EngineResponse } from '../../core/face/engine-protocol.ts';
import type { EngineChannel, SpawnEngine } from '../../core/face/face-engine.ts';

/** The part of Electron's UtilityProcess this module uses (so tests need no Electron binary). */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export function utilityProcessEngine(fork: () => UtilityProcessLike): SpawnEngine {
  return (): EngineChannel => {
    const child = fork();
    let exited = false;
    return {
      send(request: EngineRequest, transfer: ArrayBuffer[]) {
        // postMessage clones the frame into the engine process; zero the copy left behind here.
        child.postMessage(request);
        for (const buffer of transfer) new Uint8Array(buffer).fill(0);
      },
      onMessage(listener: (response: EngineResponse) => void) {
        child.on('message', (message) => listener(message as EngineResponse));
      },
      onExit(listener: (reason: string) => void) {
        child.on('exit', (code) => {
          exited = true;
          listener(`engine process exited with code ${code}`);
        });
      },
      async terminate() {
        if (!exited) child.kill();
      },
    };
  };
}
