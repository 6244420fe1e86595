import "client-only";
import { onVaultLock } from "@/lib/account/vault";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { getJson } from "@/lib/http/get-json";
import type { CaseKeyring } from "./case-keys";
import { openKeyring, openPersonLabel } from "./open-case-client";
import { maxSummariesPerRequest, type CaseList, type CaseRefWire, type MemberKeys, type RiskLevel, type Signer } from "./schema";

// Opened cases, kept for views across cases (issue 15, "send only what is
// shown, once"): a case's keyring and person's name, opened and checked once
// per session for that case, epoch, membership-chain head and profile
// version, so that a second page of rows — or the next visit to the
// dashboard — fetches rows only. Invariants:
// - memory only (this module's Map): never any browser storage; a reload
//   starts empty;
// - locking the vault (auto-lock, quick exit, sign-out) wipes every keyring
//   held here before it is dropped;
// - an entry is used only for the account that opened it, and only while the
//   server names the same epoch, chain head and profile version; anything
//   else is fetched and checked again (GET /api/cases/summaries). A server
//   that names an old head gets the keys verified at that head, nothing it
//   could not already withhold; one that names a new head gets a full check.

/** What of a case's ref (the case list's and the dashboard's `CaseRefWire`) decides whether it is held opened. */
export type CaseRef = Pick<CaseRefWire, "id" | "currentEpoch" | "chainHead" | "profileVersion">;

/** What views across cases show of the person: their name, aliases and risk level (the rest of the profile is not kept). */
export type PersonSummary = { name: string; aliases: string[]; risk: RiskLevel };

export type OpenedCase = { keyring: CaseKeyring; person: PersonSummary | null };

type Entry = { version: string; opened: Promise<OpenedCase | null> };

const entries = new Map<string, Entry>();
/** Keyrings replaced by a newer version: possibly still in use by a view, wiped at lock. */
const retired: CaseKeyring[] = [];
let owner: UnlockedAccount | null = null;

const versionOf = (ref: CaseRef) => `${ref.currentEpoch}|${ref.chainHead ?? "-"}|${ref.profileVersion ?? "-"}`;

/** Wipes and forgets every case held (the vault calls it when it locks). */
export function forgetOpenedCases(): void {
  const held = [...entries.values()];
  entries.clear();
  owner = null;
  for (const keyring of retired.splice(0)) keyring.wipe();
  for (const entry of held) void entry.opened.then((opened) => opened?.keyring.wipe());
}

onVaultLock(forgetOpenedCases);

/** How many cases are held (for tests). */
export const openedCaseCount = () => entries.size;

export type FetchSummaries = (ids: string[]) => Promise<CaseList | null>;
export type SignersFor = (people: readonly MemberKeys[]) => Promise<readonly Signer[]>;

/**
 * The opened keyring and person's name of each case named, from memory
 * where held at the same version, otherwise fetched (in requests of at
 * most `maxSummariesPerRequest`) and checked. A case the server did not
 * return (not on it, or an error) maps to null: its rows show as damaged.
 */
export async function openedCases(me: UnlockedAccount, refs: readonly CaseRef[], fetchSummaries: FetchSummaries, signersFor: SignersFor): Promise<Map<string, OpenedCase | null>> {
  if (owner !== me) {
    forgetOpenedCases();
    owner = me;
  }
  const missing = refs.filter((ref) => entries.get(ref.id)?.version !== versionOf(ref));
  for (let i = 0; i < missing.length; i += maxSummariesPerRequest) {
    const batch = missing.slice(i, i + maxSummariesPerRequest);
    const opened = openBatch(me, batch, fetchSummaries, signersFor);
    for (const ref of batch) {
      const previous = entries.get(ref.id);
      if (previous) void previous.opened.then((o) => o && retired.push(o.keyring));
      const entry: Entry = { version: versionOf(ref), opened: opened.then((byId) => byId.get(ref.id) ?? null) };
      entries.set(ref.id, entry);
      // A failed fetch is not remembered: the next view asks again.
      void entry.opened.then((o) => {
        if (o === null && entries.get(ref.id) === entry) entries.delete(ref.id);
      });
    }
  }
  const out = new Map<string, OpenedCase | null>();
  for (const ref of refs) out.set(ref.id, (await entries.get(ref.id)?.opened) ?? null);
  return out;
}

async function openBatch(me: UnlockedAccount, refs: readonly CaseRef[], fetchSummaries: FetchSummaries, signersFor: SignersFor): Promise<Map<string, OpenedCase>> {
  const out = new Map<string, OpenedCase>();
  const list = await fetchSummaries(refs.map((r) => r.id)).catch(() => null);
  if (!list) return out;
  const signers = await signersFor(list.people).catch(() => null);
  if (!signers) return out;
  const asked = new Set(refs.map((r) => r.id));
  for (const kase of list.cases) {
    if (!asked.has(kase.id)) continue;
    const keyring = await openKeyring(kase, signers, me);
    const label = await openPersonLabel(kase, keyring);
    const person = label.ok ? { name: label.value.fullName, aliases: label.value.aliases.map((a) => a.name), risk: label.value.riskLevel } : null;
    out.set(kase.id, { keyring, person });
  }
  return out;
}

/** The summaries (keys, chain, latest profile) of the named cases from GET /api/cases/summaries; null when refused or unreachable. */
export const fetchCaseSummaries: FetchSummaries = (ids) => getJson<CaseList>(`/api/cases/summaries?${new URLSearchParams({ ids: ids.join(",") })}`);
