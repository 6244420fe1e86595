/**
 * The verifier's human report. Text from the bundle is printed with control
 * and bidi characters escaped (printable): a name cannot rewrite the
 * terminal's PASS/FAIL lines.
 */
import { formatProblem, printable } from "./zip-reader.mjs";

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const text = (v) => printable(String(v ?? ""));

function who(person) {
  const id = person.fingerprint ? `fingerprint ${person.fingerprint}` : "fingerprint unavailable (malformed key)";
  return `${text(person.displayName)} [${text(person.userId)}], ${id}`;
}

/** A checked timestamp as the report names it; "TSA not verified" unless --tsa-cert vouched for it. */
function stampText(stamp) {
  const by = stamp.tsa ? ` by ${text(stamp.tsa)}` : "";
  return `timestamp ${text(stamp.time)}${by} (${stamp.status === "verified" ? "TSA verified against --tsa-cert" : "timestamp present, TSA not verified"})`;
}

/** Why a "pass" stays short of PASS because of timestamps, or null. */
function unverifiedStamps(result) {
  const unchecked = result.manifestTimestamp?.status === "tsa-unverified" || result.exhibits.some((e) => e.timestamp?.status === "tsa-unverified");
  return unchecked ? "timestamps present, TSA not verified: run again with --tsa-cert <the TSA's certificate, from the organisation>." : null;
}

function failure(item) {
  return `FAIL — ${item.reason}${item.detail ? ` (${printable(item.detail)})` : ""}`;
}

function identityLines(result) {
  const { identity, people } = result;
  const lines = [""];
  if (identity.method === "none") {
    lines.push("Keys (named by the bundle itself; compare each fingerprint with the organisation, or check with --expect or --keys):");
    for (const p of people) lines.push(`  ${who(p)}`);
    return lines;
  }
  if (identity.keysSigner) {
    lines.push(`Identities checked against the organisation's keys file, signed by ${who(identity.keysSigner)} — confirm that fingerprint with the organisation.`);
    for (const c of identity.confirmed) lines.push(`  ${who(c.person)}: listed as ${text(c.displayName)} (${c.verified === "compared" ? "compared in person" : c.verified === "self" ? "the admin's own key" : "not compared in person"})`);
  }
  if (identity.method.includes("expect")) lines.push(identity.problems.length === 0 || identity.keysSigner ? "Fingerprints checked against --expect." : "Fingerprints checked against --expect:");
  for (const p of identity.problems) lines.push(`  ${p.role}: ${who(p.person)}: FAIL — ${printable(p.reason)}`);
  if (identity.ok) lines.push("  Every key that signed is the expected person's.");
  return lines;
}

function verdictOf(result) {
  const structure = result.problems.length > 0 ? `${plural(result.problems.length, "problem")} with the ZIP itself (listed above).` : null;
  if (result.manifestProblem) return `FAIL — ${printable(result.manifestProblem)}. No exhibit was checked.`;
  if (!result.exhibitsChecked) return `FAIL — ${structure} The exhibits were not checked: manifest.json cannot be read unambiguously.`;
  const failed = result.exhibits.filter((e) => !e.ok).length + result.documents.filter((d) => !d.ok).length;
  const stamped = result.manifestTimestamp || result.exhibits.some((e) => e.timestamp) ? " Every timestamp is over what it is attached to and chains to --tsa-cert." : "";
  if (result.ok && result.verdict === "pass") return `PASS — every file matches the signed manifest, all ${result.exhibits.length} exhibits' signatures are valid, and every key that signed belongs to the expected person.${stamped}`;
  const stamps = unverifiedStamps(result);
  if (result.ok && result.verdict === "unverified" && result.identity.method !== "none") return `every file and signature checks out and identities were checked, but ${stamps}`;
  if (result.ok && result.verdict === "unverified") return `signatures valid, identities NOT verified: compare these fingerprints with the organisation (or run again with --expect or --keys).${stamps ? ` Also: ${stamps}` : ""}`;
  if (result.ok) return `FAIL — every signature is valid, but ${plural(result.identity.problems.length, "key")} did not check out against the identities given.`;
  const parts = [];
  if (result.keyConflicts.length > 0) parts.push("a signing key is named for more than one person.");
  if (result.listedTwice.length > 0) parts.push("the manifest lists a file twice.");
  const badStamp = result.manifestTimestamp?.status === "fail";
  if (badStamp) parts.push("the manifest's timestamp failed (see above).");
  if (result.exhibits.length === 0) parts.push("the bundle lists no exhibits.");
  else if (failed > 0) parts.push(`${plural(failed, "file")} failed.`);
  else if (structure || !badStamp) parts.push("every file and signature checks out, but");
  if (structure) parts.push(structure);
  return `FAIL — ${parts.join(" ")}`;
}

/** The human report: manifest, the ZIP's structure, one line per file, identities, then the verdict. */
export function formatReport(result) {
  const lines = [];
  const m = result.manifest;
  if (result.exhibitsChecked) {
    lines.push(`Casevault bundle: ${text(m.bundleName)} (case ${text(m.reference)}), exported ${text(m.exportedAt)}`);
    lines.push(`Manifest: signature valid; exported and signed by ${who(m.exporter)}`);
    const stamp = result.manifestTimestamp;
    if (stamp) lines.push(`Manifest: ${stamp.status === "fail" ? `FAIL — ${printable(stamp.reason)}` : stampText(stamp)}`);
  } else {
    lines.push(result.manifestProblem ? `Manifest: FAIL — ${printable(result.manifestProblem)}` : "Casevault bundle: manifest.json not read (it is malformed or ambiguous, see below)");
  }
  lines.push("");
  if (result.problems.length === 0) {
    lines.push("ZIP structure: PASS (one entry per name, each listed in the manifest, headers consistent, no hidden or overlapping data)");
  } else {
    lines.push(`ZIP structure: FAIL — ${plural(result.problems.length, "problem")}; the ZIP is malformed or was altered, and other tools may extract other files than the ones checked here:`);
    for (const p of result.problems) lines.push(`  ${formatProblem(p)}`);
  }
  for (const path of result.listedTwice) lines.push(`Manifest: FAIL — it lists ${text(path)} more than once`);
  for (const people of result.keyConflicts) lines.push(`Keys: FAIL — one signing key is named for ${people.length} people: ${people.map(who).join("; ")}`);
  if (result.documents.length > 0) lines.push("", "Files the exporter made:");
  for (const d of result.documents) lines.push(`  ${text(d.path)}: ${d.ok ? "PASS" : failure(d)}`);
  if (result.exhibits.length > 0) lines.push("");
  for (const e of result.exhibits) {
    const signer = e.signer ? ` — signed ${text(e.signedAt)} by ${who(e.signer)}${e.signer.retiredUntil ? ` with a key since replaced (valid until ${text(e.signer.retiredUntil)})` : ""}` : "";
    lines.push(`Exhibit ${text(e.number)} (${text(e.name)}): ${e.ok ? `PASS${signer}${e.timestamp ? `; ${stampText(e.timestamp)}` : ""}` : failure(e)}`);
  }
  if (result.exhibitsChecked) lines.push(...identityLines(result));
  lines.push("", `Result: ${verdictOf(result)}`);
  return lines.join("\n");
}
