/**
 * A genuine bundle for the verifier's tests, made by exportBundle with real
 * keys (alice uploads and exports, bob authors a testimony), and what a
 * forger does to one: re-sign the manifest with a key of their choice.
 */
import "client-only";
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import type { Signer } from "@/lib/cases/schema";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { toBase64url } from "@/lib/crypto/encoding";
import { fingerprint } from "@/lib/crypto/fingerprint";
import { sha256 } from "@/lib/crypto/sha256";
import { signCanonical } from "@/lib/crypto/signatures";
import { generateUserKeyPairs, type UserKeyPairs } from "@/lib/crypto/user-keys";
import { evidenceStatement, type EvidenceMeta } from "@/lib/evidence/schema";
import { signTestimonyVersion } from "@/lib/testimonies/sign-client";
import { sampleTestimony } from "@/lib/testimonies/test-fixtures";
import { exportBundle, type ExhibitInput, type ExportBundleInput } from "../export-client";
import type { BundleManifest, SignedManifestFile } from "../manifest";

export type Party = { userId: string; displayName: string; keys: UserKeyPairs; fingerprint: string; account: UnlockedAccount };

export async function party(displayName: string): Promise<Party> {
  const keys = await generateUserKeyPairs();
  const userId = crypto.randomUUID();
  return {
    userId,
    displayName,
    keys,
    fingerprint: await fingerprint({ x25519: keys.x25519.publicKey, ed25519: keys.ed25519.publicKey }),
    account: { userId, accountKey: new Uint8Array(32), keys },
  };
}

/** The (user, key) pairs a browser trusts for these people, as trustPeople gives them. */
export function signersOf(...parties: Party[]): Signer[] {
  return parties.map((p) => ({ userId: p.userId, signPublicKey: toBase64url(p.keys.ed25519.publicKey), boxPublicKey: toBase64url(p.keys.x25519.publicKey) }));
}

export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  return out;
}

export async function evidenceExhibit(
  caseId: string,
  number: number,
  name: string,
  data: Uint8Array,
  uploader: Party,
  options: { signedAt?: string; signWith?: UserKeyPairs; meta?: Partial<EvidenceMeta> } = {},
): Promise<ExhibitInput & { kind: "evidence" }> {
  const evidenceId = crypto.randomUUID();
  const signedAt = options.signedAt ?? "2026-03-01T10:00:00.000Z";
  const meta: EvidenceMeta = {
    name,
    type: "application/pdf",
    capturedAt: "2026-02-28",
    source: "Clinic",
    description: `Exhibit ${number}`,
    tags: ["medical"],
    fileKey: toBase64url(randomBytes(32)),
    streamHeader: toBase64url(randomBytes(25)),
    size: data.length,
    sha256: toBase64url(await sha256(data)),
  };
  const statement = evidenceStatement({ evidenceId, caseId, uploaderId: uploader.userId, sha256: meta.sha256, size: meta.size, signedAt });
  return {
    kind: "evidence",
    number,
    evidenceId,
    // Overrides come after signing: what the caller breaks is not what was signed.
    meta: { ...meta, ...options.meta },
    uploader: { userId: uploader.userId, displayName: uploader.displayName },
    signature: toBase64url(await signCanonical(statement, (options.signWith ?? uploader.keys).ed25519.privateKey)),
    signedAt,
    custody: [{ seq: "1", action: "evidence.uploaded", actorId: uploader.userId, at: signedAt }],
    file: async () => new Blob([data as BlobPart]),
  };
}

export async function testimonyExhibit(caseId: string, number: number, author: Party, signedAt = "2026-03-02T09:30:00.000Z"): Promise<ExhibitInput & { kind: "testimony" }> {
  const content = sampleTestimony();
  const place = { testimonyId: crypto.randomUUID(), caseId, version: 2, authorId: author.userId, signedAt };
  const signed = await signTestimonyVersion(place, content, author.keys.ed25519.privateKey);
  return {
    kind: "testimony",
    number,
    testimonyId: place.testimonyId,
    version: 2,
    content,
    author: { userId: author.userId, displayName: author.displayName },
    signature: signed.signature,
    signedAt,
    title: "Testimony of A.",
  };
}

export type Genuine = { bytes: Uint8Array; caseId: string; alice: Party; bob: Party };

export const EX1 = "exhibits/01-report.pdf";
export const EX2 = "exhibits/02-Отчёт врача.pdf"; // "ё" is one code point (NFC)
export const EX3 = "exhibits/03-testimony-v2.json";
export const EX3_PDF = "exhibits/03-testimony-v2.pdf";

export async function bundleBytes(input: ExportBundleInput): Promise<Uint8Array> {
  return new Uint8Array(await (await exportBundle(input)).arrayBuffer());
}

/** The export input of the tests' bundle of case `caseId`: exported by `exporter`, with everyone in `parties` as signers. */
export function genuineInput(caseId: string, exporter: Party, parties: Party[], exhibits: ExhibitInput[]): ExportBundleInput {
  return {
    caseId,
    reference: "CV-2026-0042",
    bundleId: crypto.randomUUID(),
    bundleName: "Hearing 12 March",
    exportedAt: "2026-03-05T12:00:00.000Z",
    language: "en",
    timeZone: "Europe/London",
    exporter: { account: exporter.account, displayName: exporter.displayName },
    signers: signersOf(...parties),
    exhibits,
    loadFont: async () => null,
  };
}

/** Exhibit 1 and 2 uploaded by alice, 3 a testimony by bob; exported by alice. */
export async function makeGenuine(sizes: [number, number] = [40_000, 9_000]): Promise<Genuine> {
  const alice = await party("Alice Lawyer");
  const bob = await party("Bob Caseworker");
  const caseId = crypto.randomUUID();
  const exhibits = [
    await evidenceExhibit(caseId, 1, "report.pdf", randomBytes(sizes[0]), alice),
    await evidenceExhibit(caseId, 2, "Отчёт врача.pdf", randomBytes(sizes[1]), alice),
    await testimonyExhibit(caseId, 3, bob),
  ];
  const bytes = await bundleBytes(genuineInput(caseId, alice, [alice, bob], exhibits));
  return { bytes, caseId, alice, bob };
}

export function rezip(bytes: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  change(files);
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(files)) zippable[name] = [data, { level: 0 }];
  return zipSync(zippable);
}

export function readManifestFile(bytes: Uint8Array): SignedManifestFile {
  return JSON.parse(strFromU8(bytes)) as SignedManifestFile;
}

/**
 * manifest.json after `edit`, signed by `signer` (the genuine exporter to
 * test one check alone, a forger's own keys to test the signature), and
 * with the exporter named as `signer` unless `keepExporter`.
 */
export async function resignedManifest(
  manifestJson: Uint8Array,
  edit: (manifest: BundleManifest) => void | Promise<void>,
  signer: Party,
  options: { keepExporter?: boolean } = {},
): Promise<Uint8Array> {
  const file = readManifestFile(manifestJson);
  await edit(file.manifest);
  if (!options.keepExporter) {
    file.manifest.exporter = {
      userId: signer.userId,
      displayName: file.manifest.exporter.displayName,
      signPublicKey: toBase64url(signer.keys.ed25519.publicKey),
      boxPublicKey: toBase64url(signer.keys.x25519.publicKey),
    };
  }
  file.signature = toBase64url(await signCanonical(file.manifest, signer.keys.ed25519.privateKey));
  return strToU8(JSON.stringify(file, null, 2));
}
