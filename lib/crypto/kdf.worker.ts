/**
 * Web Worker running Argon2id off the main thread (the UI stays responsive for
 * the ~0.4 s derivation, and the 64 MiB goes away with the worker).
 *
 * Must always hold: one request in, one response out (see
 * kdf-worker-handler.ts); key buffers are transferred, not copied, so no copy
 * stays behind in this worker. Created only by kdf-client.ts.
 */
import { handleKdfRequest, responseTransfer, type KdfRequest } from "./kdf-worker-handler";

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<KdfRequest>) => {
  void handleKdfRequest(event.data).then((response) => {
    scope.postMessage(response, responseTransfer(response));
  });
};
