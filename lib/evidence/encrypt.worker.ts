/**
 * Web Worker that encrypts segments of one evidence file for upload, off the
 * main thread (the page stays responsive while gigabytes go through
 * secretstream and SHA-256). The work is in encrypt-worker-handler.ts; this
 * is only the shell.
 *
 * Must always hold: part buffers are transferred, not copied, so no copy
 * stays behind in this worker; created only by encrypt-pool.ts (a few per
 * upload, one file each), terminated when the upload ends.
 */
import "client-only";
import { createEncryptWorkerHandler } from "./encrypt-worker-handler";

const scope = self as unknown as DedicatedWorkerGlobalScope;

const handle = createEncryptWorkerHandler((event, transfer) => scope.postMessage(event, transfer));

scope.onmessage = (event: MessageEvent<unknown>) => handle(event.data);
