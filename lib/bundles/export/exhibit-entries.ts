/**
 * The manifest entry of each exhibit, with its statement rebuilt and checked.
 *
 * Must always hold:
 * - Each statement is rebuilt with the same functions that built what was
 *   signed (evidenceStatement, versionStatement), from the ids, the finalised
 *   metadata or exact content and the signing time: the manifest never
 *   carries a statement the signature was not made over.
 * - Each entry names the key that verifies its signature among those this
 *   browser trusts (signing-key.ts; a replaced key only inside its window):
 *   a statement no trusted key verifies throws BundleExportError("bad_signature")
 *   instead of making a bundle the verifier would FAIL.
 * - A testimony's file is exactly canonicalJson(content), so its SHA-256 is
 *   the statement's contentSha256.
 */
import "client-only";
import type { Signer } from "@/lib/cases/schema";
import { canonicalJson } from "@/lib/encoding/canonical-json";
import { evidenceStatement } from "@/lib/evidence/schema";
import { versionStatement } from "@/lib/testimonies/digest";
import type { BundleSigner, EvidenceManifestExhibit, TestimonyManifestExhibit } from "../manifest";
import { BundleExportError } from "./errors";
import { signingKeyOf } from "../signing-key";
import type { ExhibitInput, Person } from "./input";
import { readablePathOf } from "./names";
import { statementToken } from "./timestamps";

export type PreparedExhibit = { entry: EvidenceManifestExhibit; json?: undefined } | { entry: TestimonyManifestExhibit; json: Uint8Array };

function invalid(number: number, cause: unknown): BundleExportError {
  return new BundleExportError("invalid_input", `exhibit ${number}: ${cause instanceof Error ? cause.message : "bad statement"}`, { cause });
}

async function keyThatSigned(number: number, statement: { signedAt: string }, signature: string, person: Person, signers: readonly Signer[]): Promise<BundleSigner> {
  const key = await signingKeyOf(statement, signature, person, signers);
  if (!key) throw new BundleExportError("bad_signature", `exhibit ${number}: no key this browser trusts for ${person.displayName} verifies its signature`, { exhibit: number });
  return key;
}

export async function prepareExhibit(caseId: string, exhibit: ExhibitInput, path: string, signers: readonly Signer[]): Promise<PreparedExhibit> {
  if (exhibit.kind === "evidence") {
    const { meta, uploader } = exhibit;
    if (meta.sha256 === "") throw new BundleExportError("invalid_input", `exhibit ${exhibit.number}: evidence is not finalised`);
    let statement;
    try {
      statement = evidenceStatement({ evidenceId: exhibit.evidenceId, caseId, uploaderId: uploader.userId, sha256: meta.sha256, size: meta.size, signedAt: exhibit.signedAt });
    } catch (cause) {
      throw invalid(exhibit.number, cause);
    }
    const signer = await keyThatSigned(exhibit.number, statement, exhibit.signature, uploader, signers);
    const timestamp = await statementToken(statement, exhibit.timestamp);
    return {
      entry: {
        number: exhibit.number,
        kind: "evidence",
        path,
        evidenceId: exhibit.evidenceId,
        originalName: meta.name,
        type: meta.type,
        size: meta.size,
        sha256: meta.sha256,
        description: meta.description,
        capturedAt: meta.capturedAt,
        source: meta.source,
        tags: meta.tags,
        statement,
        signature: exhibit.signature,
        signer,
        custody: exhibit.custody.map((e) => ({ seq: e.seq, action: e.action, actorId: e.actorId, at: e.at })),
        ...(timestamp ? { timestamp } : {}),
      },
    };
  }
  const place = { testimonyId: exhibit.testimonyId, caseId, version: exhibit.version, authorId: exhibit.author.userId, signedAt: exhibit.signedAt };
  let statement;
  try {
    statement = await versionStatement(place, exhibit.content);
  } catch (cause) {
    throw invalid(exhibit.number, cause);
  }
  const signer = await keyThatSigned(exhibit.number, statement, exhibit.signature, exhibit.author, signers);
  return {
    entry: {
      number: exhibit.number,
      kind: "testimony",
      path,
      readablePath: readablePathOf(path),
      testimonyId: exhibit.testimonyId,
      version: exhibit.version,
      title: exhibit.title,
      statement,
      signature: exhibit.signature,
      signer,
    },
    json: new TextEncoder().encode(canonicalJson(exhibit.content)),
  };
}
