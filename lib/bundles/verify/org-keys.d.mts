// Types for org-keys.mjs (plain JavaScript so it runs under bare Node).

export declare const ORG_KEYS_FORMAT: "casevault-keys/1";
export declare const ORG_KEYS_TYPE: "casevault.org-keys.v1";

/** How the exporting admin's browser knows a person's keys. */
export type OrgKeyVerification = "compared" | "first_seen" | "self";

export type OrgKeysRetired = { boxPublicKey: string; signPublicKey: string; until: string };

export type OrgKeysPerson = {
  userId: string;
  displayName: string;
  boxPublicKey: string;
  signPublicKey: string;
  verified: OrgKeyVerification;
  retired?: OrgKeysRetired[];
};

/** What the admin signs (canonical JSON). */
export type OrgKeys = {
  type: "casevault.org-keys.v1";
  organisation: string;
  exportedAt: string;
  exportedBy: { userId: string; displayName: string; signPublicKey: string; boxPublicKey: string };
  people: OrgKeysPerson[];
};

/** keys.json as a whole. */
export type OrgKeysFile = { format: "casevault-keys/1"; keys: OrgKeys; signature: string };

export type ParsedOrgKeys =
  | { ok: true; orgKeys: OrgKeys; signer: { userId: string; displayName: string; fingerprint: string } }
  | { ok: false; reason: string };

export type OrgKeyIdentity = { ok: true; displayName: string; verified: string; retiredUntil?: string } | { ok: false; reason: string };

export declare function parseOrgKeys(bytes: Uint8Array): ParsedOrgKeys;
export declare function identityOf(orgKeys: OrgKeys, key: { userId: string; signPublicKey: string; boxPublicKey?: string }, at: string): OrgKeyIdentity;
