/**
 * What verify.html shows for a verifier result, as data (page.ts puts it in
 * the document with textContent only: nothing from the bundle becomes markup).
 * Per exhibit it says what the CLI's report says (lib/bundles/verify/report.mjs),
 * PASS or FAIL with the reason, in the reader's language; the CLI's own report
 * is shown beside it, unchanged.
 *
 * Must always hold: the overall tone is "pass" only for the verdict "pass",
 * "unverified" only for "unverified"; anything else is "fail". A line is
 * marked PASS only when the result says ok for it.
 */
import { formatProblem, formatReport, printable, type PersonSummary, type VerifyResult } from "../../verify-core.mjs";
import type { Words } from "./messages";

export type Tone = "pass" | "unverified" | "fail";
export type Line = { ok: boolean; title: string; details: string[] };
export type View = {
  tone: Tone;
  title: string;
  summary: string[];
  about: string[];
  exhibits: Line[];
  documents: Line[];
  structure: Line;
  people: string[];
  report: string;
};

const text = (v: unknown) => printable(String(v ?? ""));

/** An instant from the bundle in the reader's language, in UTC with the zone named; as written if it is not a date. */
function when(words: Words, value: unknown): string {
  const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) return text(value);
  return new Intl.DateTimeFormat(words.locale, { dateStyle: "long", timeStyle: "long", timeZone: "UTC" }).format(time);
}

function who(words: Words, person: PersonSummary): string {
  return `${text(person.displayName)} [${text(person.userId)}], ${person.fingerprint ? words.fingerprint(person.fingerprint) : words.noFingerprint}`;
}

function failure(words: Words, item: { reason?: keyof Words["reasons"]; detail?: string }): string[] {
  const lines = [item.reason ? `${words.reasons[item.reason]} (${item.reason})` : words.fail];
  if (item.detail) lines.push(printable(item.detail));
  return lines;
}

export function viewOf(result: VerifyResult, words: Words): View {
  const m = result.manifest;
  const failedFiles = result.exhibits.filter((e) => !e.ok).length + result.documents.filter((d) => !d.ok).length;
  const totalFiles = result.exhibits.length + result.documents.length;
  const tone: Tone = result.verdict === "pass" ? "pass" : result.verdict === "unverified" ? "unverified" : "fail";
  // "Unverified" with the signers checked: only the timestamps' authority is left unchecked (no TSA certificate given).
  const onlyTsaLeft = tone === "unverified" && result.identity.ok;

  const summary: string[] = [];
  if (result.manifestProblem) summary.push(words.verdictManifest, printable(result.manifestProblem));
  else if (!result.exhibitsChecked) summary.push(words.verdictManifest);
  else if (tone === "pass") summary.push(words.verdictPass(result.exhibits.length));
  else if (tone === "unverified") summary.push(onlyTsaLeft ? words.verdictTsaUnverified(result.exhibits.length) : words.verdictUnverified(result.exhibits.length));
  else if (result.ok) summary.push(words.verdictIdentity(result.identity.problems.length));
  else if (failedFiles > 0 || result.exhibits.length === 0) summary.push(words.verdictFail(failedFiles, totalFiles));
  if (result.problems.length > 0) summary.push(words.verdictStructure(result.problems.length));

  const about: string[] = [];
  if (result.exhibitsChecked) {
    about.push(words.bundleLine(text(m.bundleName), text(m.reference), when(words, m.exportedAt)));
    if (m.exporter) about.push(words.exporterLine(who(words, m.exporter)));
    const stamp = result.manifestTimestamp;
    if (stamp && stamp.status !== "fail") about.push(words.stampedLine(when(words, stamp.time), text(stamp.tsa ?? "?"), stamp.status === "verified"));
  }

  const exhibits = result.exhibits.map((e): Line => {
    const title = words.exhibit(text(e.number), text(e.name));
    if (!e.ok) return { ok: false, title, details: failure(words, e) };
    const details: string[] = [];
    if (e.signer) details.push(`${words.signedBy(when(words, e.signedAt), who(words, e.signer))}${e.signer.retiredUntil ? ` ${words.retiredKey(when(words, e.signer.retiredUntil))}` : ""}`);
    if (e.sha256) details.push(`SHA-256 ${e.sha256}`);
    return { ok: true, title, details };
  });
  const documents = result.documents.map((d): Line => ({ ok: d.ok, title: text(d.path), details: d.ok ? [] : failure(words, d) }));
  const structure: Line =
    result.problems.length === 0 ? { ok: true, title: words.structureOk, details: [] } : { ok: false, title: words.verdictStructure(result.problems.length), details: result.problems.map(formatProblem) };
  const identityProblems = result.identity.problems.map((p) => words.identityProblem(text(p.role), `${who(words, p.person)}: ${printable(p.reason)}`));

  return {
    tone,
    title: tone === "pass" ? words.pass : tone === "unverified" ? (onlyTsaLeft ? words.verdictTsaUnverifiedTitle : words.verdictUnverifiedTitle) : words.verdictFailTitle,
    summary,
    about,
    exhibits,
    documents,
    structure,
    people: [...result.people.map((p) => who(words, p)), ...identityProblems],
    report: formatReport(result),
  };
}
