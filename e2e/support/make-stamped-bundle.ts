// Writes a court bundle whose manifest a local TSA (openssl ts) stamped, for
// e2e/verify-page.spec.ts: run with tsx (Playwright's loader does not load the
// bundle exporter's module graph), so the spec gets files, not modules.
//   tsx --tsconfig scripts/tsconfig.json e2e/support/make-stamped-bundle.ts <dir> <verify.html>
// <dir> receives bundle.zip, tsa-ca.pem, rogue-ca.pem and fingerprints.txt.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bundleBytes, genuineInput, party, testimonyExhibit } from "../../lib/bundles/testing/genuine-bundle";
import { makeTestTsa } from "../../lib/bundles/testing/test-tsa";

const [dir, pagePath] = process.argv.slice(2);
async function main(): Promise<void> {
  if (!dir || !pagePath) throw new Error("usage: make-stamped-bundle.ts <dir> <verify.html>");
  const [tsa, rogue] = await Promise.all([makeTestTsa("Casevault Test TSA"), makeTestTsa("Rogue TSA")]);
  try {
    const [alice, bob] = await Promise.all([party("Alice Lawyer"), party("Bob Caseworker")]);
    const caseId = crypto.randomUUID();
    const zip = await bundleBytes({
      ...genuineInput(caseId, alice, [alice, bob], [await testimonyExhibit(caseId, 1, bob)]),
      verifierPage: new Uint8Array(readFileSync(pagePath)),
      timestamp: async (digest) => Buffer.from(await tsa.stamp(digest)).toString("base64url"),
    });
    writeFileSync(path.join(dir, "bundle.zip"), zip);
    writeFileSync(path.join(dir, "tsa-ca.pem"), tsa.caPem);
    writeFileSync(path.join(dir, "rogue-ca.pem"), rogue.caPem);
    writeFileSync(path.join(dir, "fingerprints.txt"), [alice, bob].map((p) => p.fingerprint).join(", "));
  } finally {
    await Promise.all([tsa.close(), rogue.close()]);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
