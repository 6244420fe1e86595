/**
 * Demo thumbnails for `npm run seed:demo` (issue 14): Node has no canvas to
 * draw one, so each demo picture has a small JPEG made from it once and kept
 * in scripts/fixtures/<name>.thumb.jpg (no metadata); files without one get
 * the "no picture" record, as a browser upload does. Sealed, signed and
 * stored through the same server function as a browser's.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Actor } from "@/lib/auth/policy";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { storeThumbnail } from "@/lib/evidence/actions/thumbnail";
import { sealThumbnail } from "@/lib/evidence/thumbnail-client";

const fixtures = path.resolve(import.meta.dirname, "fixtures");

/** The pre-made thumbnail of a demo file, or null. */
export function demoThumbnail(name: string): Uint8Array | null {
  const file = path.join(fixtures, `${name.replace(/\.[^.]+$/, "")}.thumb.jpg`);
  return existsSync(file) ? new Uint8Array(readFileSync(file)) : null;
}

export async function seedThumbnail(input: { actor: Actor; caseId: string; evidenceId: string; epoch: number; caseKey: Uint8Array; uploader: UnlockedAccount; name: string }): Promise<void> {
  const { actor, caseId, evidenceId, epoch, caseKey, uploader, name } = input;
  const record = await sealThumbnail({ caseId, evidenceId, epoch, caseKey, author: uploader, jpeg: demoThumbnail(name) });
  await storeThumbnail(actor, caseId, evidenceId, { record });
}
