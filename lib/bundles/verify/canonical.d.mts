// Types for canonical.mjs (plain JavaScript so it runs under bare Node).

export declare class CanonicalJsonError extends Error {}

export declare function canonicalJson(value: unknown): string;
export declare function canonicalBytes(value: unknown): Uint8Array;
export declare function decodeBase64url(text: unknown, bytes: number): Uint8Array | null;
export declare function profileFingerprint(x25519: Uint8Array, ed25519: Uint8Array): string;
export declare function verifyStatementSignature(statement: unknown, signature: unknown, publicKey: unknown): boolean;
export declare function checkStatementSignature(statement: unknown, signature: unknown, publicKey: unknown): Promise<boolean>;
