/**
 * Demo evidence for `npm run seed:demo`: two small generated images and a
 * one-page PDF, encrypted and signed exactly as a browser does it (file key,
 * secretstream, sealed metadata, uploader's signature), stored through the
 * server's own upload functions, then given review statuses.
 */
import { randomUUID } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import type { Actor } from "@/lib/auth/policy";
import { sealedRecordHash } from "@/lib/cases/record-signature";
import { sealRecord } from "@/lib/cases/records-client";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { toBase64url } from "@/lib/crypto/encoding";
import { newFileKey } from "@/lib/crypto/file-key";
import { encryptFile } from "@/lib/crypto/file-stream";
import { sha256 } from "@/lib/crypto/sha256";
import { partListBytes } from "@/lib/evidence/part-list";
import { signCanonical } from "@/lib/crypto/signatures";
import { reviewEvidence } from "@/lib/evidence/actions/review";
import { finaliseUpload, startUpload, storePart } from "@/lib/evidence/actions/upload";
import { evidenceStatement, planParts, type EvidenceMeta } from "@/lib/evidence/schema";
import type { ReviewStatus } from "@/lib/evidence/wire";
import { seedThumbnail } from "./seed-thumbnails";

/** A PNG of `width`×`height` filled with one colour and a darker square: small, valid, made here. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Uint8Array {
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) {
      const inner = x > width / 3 && x < (2 * width) / 3 && y > height / 3 && y < (2 * height) / 3;
      rows.push(inner ? r >> 1 : r, inner ? g >> 1 : g, inner ? b >> 1 : b);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.from(rows))), chunk("IEND", Buffer.alloc(0))]));
}

const pdf = new TextEncoder().encode(
  "%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>>>endobj\n4 0 obj<</Length 88>>stream\nBT /F1 14 Tf 72 770 Td (Medical report - demo data, every detail invented.) Tj ET\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

type DemoFile = { name: string; type: string; bytes: Uint8Array; description: string; source: string; capturedAt: string; tags: string[]; review: ReviewStatus };

const demoFiles: DemoFile[] = [
  { name: "left-hand-2026-10-14.png", type: "image/png", bytes: png(96, 64, [200, 120, 110]), description: "Photo of the healing fractures, left hand.", source: "Taken by the clinic nurse at intake.", capturedAt: "2026-10-14", tags: ["injuries", "photo"], review: "admissible" },
  { name: "bruising-back-2026-10-14.png", type: "image/png", bytes: png(96, 64, [150, 110, 160]), description: "Photo of bruising on the back.", source: "Taken by the clinic nurse at intake.", capturedAt: "2026-10-14", tags: ["injuries", "photo"], review: "needs_corroboration" },
  { name: "medical-report.pdf", type: "application/pdf", bytes: pdf, description: "Medical report from the partner clinic (demo).", source: "Partner clinic, by e-mail.", capturedAt: "2026-10-20", tags: ["medical"], review: "relevant" },
];

/** Uploads the demo files as `uploader` and has `reviewer` review them. Returns the evidence ids, in order. */
export async function seedEvidence(input: { orgId: string; caseId: string; caseKey: Uint8Array; uploader: UnlockedAccount; reviewer: UnlockedAccount }): Promise<string[]> {
  const { caseId, caseKey } = input;
  const actor: Actor = { userId: input.uploader.userId, orgId: input.orgId, role: "caseworker" };
  const lawyer: Actor = { userId: input.reviewer.userId, orgId: input.orgId, role: "lawyer" };
  const ids: string[] = [];
  for (const file of demoFiles) {
    const evidenceId = randomUUID();
    const fileKey = await newFileKey();
    const ciphertext = await encryptFile(file.bytes, fileKey);
    const plan = planParts(ciphertext.length);
    const details = { name: file.name, type: file.type, capturedAt: file.capturedAt, source: file.source, description: file.description, tags: file.tags };
    // Version 0x02 (a header per segment): no streamHeader in the metadata.
    const meta: EvidenceMeta = { ...details, fileKey: toBase64url(fileKey), size: file.bytes.length, sha256: "" };
    const first = await sealRecord({ caseId, type: "evidence_meta", id: evidenceId, version: 1, epoch: 1, caseKey, value: meta, signed: { author: input.uploader, prev: null } });
    await startUpload(actor, caseId, { evidenceId, size: plan.size, partSize: plan.partSize, partCount: plan.partCount, meta: first });
    const partDigests: Uint8Array[] = [];
    for (const part of plan.parts) {
      const bytes = ciphertext.subarray(part.offset, part.offset + part.size);
      partDigests.push(await sha256(bytes));
      await storePart(actor, {
        caseId,
        evidenceId,
        partNumber: String(part.partNumber),
        sha256: toBase64url(partDigests.at(-1)!),
        contentLength: String(bytes.length),
        body: new Blob([new Uint8Array(bytes)]).stream(),
      });
    }
    const plainHash = toBase64url(await sha256(file.bytes));
    const signedAt = new Date().toISOString();
    const statement = evidenceStatement({ evidenceId, caseId, uploaderId: input.uploader.userId, sha256: plainHash, size: file.bytes.length, signedAt });
    const signature = toBase64url(await signCanonical(statement, input.uploader.keys.ed25519.privateKey));
    const final = await sealRecord({
      caseId, type: "evidence_meta", id: evidenceId, version: 2, epoch: 1, caseKey,
      value: { ...meta, sha256: plainHash } satisfies EvidenceMeta,
      signed: { author: input.uploader, prev: await sealedRecordHash(first.contentSealed) },
    });
    await finaliseUpload(actor, caseId, evidenceId, async () => ({ sha256: toBase64url(await sha256(partListBytes(partDigests))), signature, signedAt, meta: final }));
    await seedThumbnail({ actor, caseId, evidenceId, epoch: 1, caseKey, uploader: input.uploader, name: file.name });
    await reviewEvidence(lawyer, { caseId, evidenceId, status: file.review, note: null });
    ids.push(evidenceId);
  }
  return ids;
}
