import "client-only";
import { getResult } from "@/lib/http/get-json";
import { THUMBNAIL_BATCH_MAX, type ThumbnailList, type ThumbnailWire } from "./thumbnail";

/**
 * Fetches the sealed thumbnails of the rows that scroll into view, a batch
 * at a time: rows asking within a few milliseconds of each other share one
 * GET (at most THUMBNAIL_BATCH_MAX ids), and a thumbnail found is kept for
 * as long as the loader (one per evidence tab). Resolves null for an item without one
 * or when the read failed: the row then keeps its type icon.
 */
export class ThumbnailLoader {
  readonly #caseId: string;
  readonly #read: (url: string) => Promise<ThumbnailList | null>;
  readonly #asked = new Map<string, Promise<ThumbnailWire | null>>();
  #queue: { id: string; resolve: (wire: ThumbnailWire | null) => void }[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(caseId: string, read: (url: string) => Promise<ThumbnailList | null> = async (url) => {
    const result = await getResult<ThumbnailList>(url);
    return result.ok ? result.data : null;
  }) {
    this.#caseId = caseId;
    this.#read = read;
  }

  get(evidenceId: string): Promise<ThumbnailWire | null> {
    let promise = this.#asked.get(evidenceId);
    if (!promise) {
      promise = new Promise((resolve) => this.#queue.push({ id: evidenceId, resolve }));
      this.#asked.set(evidenceId, promise);
      this.#timer ??= setTimeout(() => void this.#flush(), 30);
    }
    return promise;
  }

  async #flush(): Promise<void> {
    this.#timer = null;
    const queue = this.#queue;
    this.#queue = [];
    for (let i = 0; i < queue.length; i += THUMBNAIL_BATCH_MAX) {
      const batch = queue.slice(i, i + THUMBNAIL_BATCH_MAX);
      const ids = batch.map((q) => q.id).join(",");
      const list = await this.#read(`/api/cases/${this.#caseId}/evidence/thumbnails?ids=${ids}`).catch(() => null);
      const byId = new Map((list?.thumbnails ?? []).map((t) => [t.evidenceId, t]));
      for (const q of batch) {
        const wire = byId.get(q.id) ?? null;
        // None yet (a teammate's upload listed a moment before its thumbnail, or the read failed): ask again next time.
        if (!wire) this.#asked.delete(q.id);
        q.resolve(wire);
      }
    }
  }
}
