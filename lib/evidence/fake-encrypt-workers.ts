/**
 * Test support (never imported by app code): fake encryption Workers that
 * run the real handler (encrypt-worker-handler.ts) in-process, with what
 * postMessage does — structured clone, transferred buffers detached, async
 * delivery — and a record of what each worker was asked and did.
 */
import { createEncryptWorkerHandler, type EncryptRequest, type WorkerStats } from "./encrypt-worker-handler";
import type { EncryptWorker } from "./encrypt-pool";

export type FakeWorkerRecord = { stats: WorkerStats; requests: EncryptRequest["type"][]; segments: number[] };

export function fakeWorkers() {
  const workers: FakeWorkerRecord[] = [];
  const instances: EncryptWorker[] = [];
  /** Segment requests in the order the pool sent them, across workers. */
  const dispatched: number[] = [];
  /** The part buffers as the page received them (the clones the pool got). */
  const delivered: ArrayBuffer[] = [];
  let terminated = 0;
  const create = (): EncryptWorker => {
    let dead = false;
    const record: FakeWorkerRecord = { stats: { encrypted: [], bytesEncrypted: 0, bytesHashed: 0, bytesRead: 0 }, requests: [], segments: [] };
    workers.push(record);
    const worker: EncryptWorker = {
      onmessage: null,
      onerror: null,
      onmessageerror: null,
      postMessage(message, transfer) {
        if (dead) return;
        record.requests.push(message.type);
        if (message.type === "segment") {
          record.segments.push(message.index);
          dispatched.push(message.index);
        }
        const cloned = structuredClone(message, { transfer });
        setTimeout(() => {
          if (!dead) handle(cloned);
        }, 0);
      },
      terminate() {
        if (!dead) terminated++;
        dead = true;
      },
    };
    instances.push(worker);
    const handle = createEncryptWorkerHandler(
      (event, transfer) => {
        if (dead) return;
        const cloned = structuredClone(event, { transfer });
        if (cloned.type === "part") delivered.push(cloned.bytes);
        setTimeout(() => {
          if (!dead) worker.onmessage?.({ data: cloned } as MessageEvent<unknown>);
        }, 0);
      },
      (stats) => (record.stats = stats),
    );
    return worker;
  };
  return { create, workers, instances, dispatched, delivered, terminated: () => terminated };
}
