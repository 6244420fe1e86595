/**
 * A user's trust document (keybook, marks) in the browser: loaded once from
 * the server, opened with the account key, changed only through `update`,
 * saved back sealed with compare-and-swap (another tab may have saved:
 * reload, merge, retry).
 *
 * Must always hold:
 * - The server never sees a document's content: canonical JSON sealed under
 *   the account key with AD `casevault:v1:<kind>:<userId>:<version>`, so it
 *   cannot read it, hand it to another user, swap the kinds, or pass an old
 *   copy off as a newer version.
 * - A document the server serves that does not open is reported (`damaged`),
 *   never trusted; the session starts from the empty document.
 */
import "client-only";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { openBytes, sealBytes } from "@/lib/crypto/aead";
import { trustDocumentAd } from "@/lib/crypto/ad";
import { canonicalBytes } from "@/lib/crypto/canonical-json";
import { CryptoError } from "@/lib/crypto/errors";
import { fromBase64url, toBase64url, utf8Decode } from "@/lib/crypto/encoding";
import type { SaveTrustDocumentWire, StoredTrustDocument, TrustDocumentKind } from "./schema";

/** How one kind of document is empty, written, read and merged (pure). */
export type DocumentCodec<T> = {
  kind: TrustDocumentKind;
  empty: T;
  toJson(doc: T): unknown;
  /** Throws on anything malformed. */
  fromJson(value: unknown): T;
  /** `ours` (in memory) with `stored` (saved by another tab meanwhile). */
  merge(ours: T, stored: T): T;
};

/** The two server calls a session needs (server actions in the app, a fixture in tests). */
export type TrustDocumentServer = {
  load(kind: TrustDocumentKind): Promise<StoredTrustDocument>;
  /** "conflict" when the stored version is no longer `replaces`. */
  save(input: SaveTrustDocumentWire): Promise<{ ok: true; version: number } | { ok: false; conflict: boolean }>;
};

const SAVE_ATTEMPTS = 3;

export async function sealDocument<T>(codec: DocumentCodec<T>, doc: T, account: UnlockedAccount, version: number): Promise<Uint8Array> {
  return sealBytes(canonicalBytes(codec.toJson(doc)), account.accountKey, trustDocumentAd(codec.kind, account.userId, version));
}

/** Opens a sealed document; a wrong key, owner, kind or version, or a malformed content, is CryptoError("damaged"). */
export async function openDocument<T>(codec: DocumentCodec<T>, sealed: Uint8Array, account: UnlockedAccount, version: number): Promise<T> {
  const bytes = await openBytes(sealed, account.accountKey, trustDocumentAd(codec.kind, account.userId, version));
  try {
    return codec.fromJson(JSON.parse(utf8Decode(bytes)));
  } catch (cause) {
    throw new CryptoError("damaged", `the ${codec.kind} content is malformed`, { cause });
  }
}

export class SealedDocumentSession<T> {
  #doc: T;
  #version = 0;
  #damaged = false;
  #listeners = new Set<() => void>();
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly codec: DocumentCodec<T>,
    readonly account: UnlockedAccount,
    readonly server: TrustDocumentServer,
  ) {
    this.#doc = codec.empty;
  }

  static async open<T>(codec: DocumentCodec<T>, account: UnlockedAccount, server: TrustDocumentServer): Promise<SealedDocumentSession<T>> {
    const session = new SealedDocumentSession(codec, account, server);
    await session.#reload();
    return session;
  }

  get doc(): T {
    return this.#doc;
  }

  /** True when the server served a document that does not open with this account's key. */
  get damaged(): boolean {
    return this.#damaged;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Applies `change` and saves; resolves with the saved document. A change
   * that returns the same document saves nothing. Changes run one at a time.
   */
  update(change: (doc: T) => T): Promise<T> {
    const run = this.#queue.then(() => this.#changeAndSave(change));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #reload(): Promise<T> {
    const stored = await this.server.load(this.codec.kind);
    if (stored.sealed) {
      try {
        const doc = await openDocument(this.codec, fromBase64url(stored.sealed), this.account, stored.version);
        this.#doc = this.codec.merge(this.#doc, doc);
      } catch {
        this.#damaged = true;
      }
    }
    this.#version = stored.version;
    return this.#doc;
  }

  async #changeAndSave(change: (doc: T) => T): Promise<T> {
    let next = change(this.#doc);
    if (next === this.#doc) return this.#doc;
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const sealed = await sealDocument(this.codec, next, this.account, this.#version + 1);
      const saved = await this.server.save({ kind: this.codec.kind, replaces: this.#version, sealed: toBase64url(sealed) });
      if (saved.ok) {
        this.#version = saved.version;
        this.#doc = next;
        for (const listener of this.#listeners) listener();
        return next;
      }
      if (!saved.conflict) break;
      next = change(this.codec.merge(await this.#reload(), next));
    }
    throw new Error(`the ${this.codec.kind} could not be saved`);
  }
}
