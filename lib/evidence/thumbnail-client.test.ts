/**
 * Thumbnails in the browser, below the canvas: sealing and opening, the
 * binding to the item, case and uploader, and one ciphertext size for every
 * thumbnail. (Drawing one needs createImageBitmap: e2e/evidence.spec.ts.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { newCaseKey } from "@/lib/crypto/case-key-seal";
import { generateUserKeyPairs } from "@/lib/crypto/user-keys";
import { newAccountKey } from "@/lib/crypto/wrap-key";
import { authorsFor } from "@/lib/testing/record-authors";
import { makeThumbnail, openThumbnail, sealThumbnail } from "./thumbnail-client";
import { storeThumbnailWireSchema, THUMBNAIL_SEALED_MAX, type ThumbnailWire } from "./thumbnail";

const jpeg = new Uint8Array(readFileSync(path.resolve(__dirname, "../../scripts/fixtures/left-hand-2026-10-14.thumb.jpg")));
const caseId = crypto.randomUUID();
const evidenceId = crypto.randomUUID();
const otherId = crypto.randomUUID();

let caseKey: Uint8Array;
let uploader: UnlockedAccount;
let teammate: UnlockedAccount;

const account = async (): Promise<UnlockedAccount> => ({ userId: crypto.randomUUID(), accountKey: await newAccountKey(), keys: await generateUserKeyPairs() });
const wireOf = (record: { id: string; epoch: number; contentSealed: string }): ThumbnailWire => ({ evidenceId: record.id, epoch: record.epoch, contentSealed: record.contentSealed });

beforeAll(async () => {
  caseKey = await newCaseKey();
  [uploader, teammate] = await Promise.all([account(), account()]);
});

const open = (thumbnail: ThumbnailWire, over: Partial<Parameters<typeof openThumbnail>[0]> = {}) =>
  openThumbnail({ caseId, evidenceId, uploaderId: uploader.userId, thumbnail, caseKey, authors: authorsFor(uploader, teammate), ...over });

describe("sealThumbnail / openThumbnail", () => {
  it("opens the uploader's thumbnail as the same JPEG, and says 'no picture' for a null one", async () => {
    const sealed = await sealThumbnail({ caseId, evidenceId, epoch: 1, caseKey, author: uploader, jpeg });
    expect(sealed).toMatchObject({ id: evidenceId, version: 1, type: "evidence_thumbnail", epoch: 1 });
    expect(storeThumbnailWireSchema.safeParse({ record: sealed }).success).toBe(true);
    expect(await open(wireOf(sealed))).toEqual(jpeg);
    const none = await sealThumbnail({ caseId, evidenceId, epoch: 1, caseKey, author: uploader, jpeg: null });
    expect(await open(wireOf(none))).toBeNull();
  });

  it("seals every thumbnail to one size, picture or not, within what the server takes", async () => {
    const sizes = await Promise.all(
      [null, jpeg, new Uint8Array(48 * 1024).fill(7)].map(async (bytes) => (await sealThumbnail({ caseId, evidenceId, epoch: 1, caseKey, author: uploader, jpeg: bytes })).contentSealed.length),
    );
    expect(new Set(sizes).size).toBe(1);
    expect(Math.ceil((sizes[0]! * 3) / 4)).toBeLessThanOrEqual(THUMBNAIL_SEALED_MAX);
  });

  it("attack: a thumbnail moved to another item's row (or another case) does not open", async () => {
    const sealed = await sealThumbnail({ caseId, evidenceId, epoch: 1, caseKey, author: uploader, jpeg });
    // The server serves item A's ciphertext as item B's thumbnail.
    expect(await open({ ...wireOf(sealed), evidenceId: otherId }, { evidenceId: otherId })).toBeNull();
    // …or hands it out under A's id while the list shows B.
    expect(await open(wireOf(sealed), { evidenceId: otherId })).toBeNull();
    expect(await open(wireOf(sealed), { caseId: crypto.randomUUID() })).toBeNull();
    // Sanity: in its own place it opens.
    expect(await open(wireOf(sealed))).toEqual(jpeg);
  });

  it("attack: a teammate's (validly signed) thumbnail on the uploader's item is refused", async () => {
    const forged = await sealThumbnail({ caseId, evidenceId, epoch: 1, caseKey, author: teammate, jpeg });
    expect(await open(wireOf(forged))).toBeNull();
    expect(await open(wireOf(forged), { uploaderId: teammate.userId })).toEqual(jpeg);
  });

  it("attack: altered ciphertext, another key, an unknown epoch or a non-JPEG payload show no picture", async () => {
    const sealed = await sealThumbnail({ caseId, evidenceId, epoch: 1, caseKey, author: uploader, jpeg });
    const bytes = Buffer.from(sealed.contentSealed, "base64url");
    bytes[60] = bytes[60]! ^ 1;
    expect(await open({ ...wireOf(sealed), contentSealed: bytes.toString("base64url") })).toBeNull();
    expect(await open(wireOf(sealed), { caseKey: await newCaseKey() })).toBeNull();
    expect(await open(wireOf(sealed), { caseKey: undefined })).toBeNull();
    const png = await sealThumbnail({ caseId, evidenceId, epoch: 1, caseKey, author: uploader, jpeg: new TextEncoder().encode("\x89PNG not a jpeg") });
    expect(await open(wireOf(png))).toBeNull();
  });
});

describe("makeThumbnail", () => {
  it("makes none for files that are not pictures a browser decodes", async () => {
    expect(await makeThumbnail(new Blob(["%PDF-1.1"]), "application/pdf")).toBeNull();
    expect(await makeThumbnail(new Blob(["x"]), "image/heic")).toBeNull();
    expect(await makeThumbnail(new Blob(["x"]), "video/mp4")).toBeNull();
  });
});
