// Types for crypto.mjs and web/crypto.mjs (plain JavaScript so it runs under bare Node and in verify.html).

export type Sha256 = { update(chunk: Uint8Array): void; digest(): Uint8Array };

export declare function sha256(): Sha256;
export declare function blake2b512(parts: readonly Uint8Array[]): Uint8Array;
export declare function crc32(chunk: Uint8Array, previous?: number): number;
export declare function toBase64url(bytes: Uint8Array): string;
export declare function fromBase64url(text: string): Uint8Array;
export declare function concatBytes(parts: readonly Uint8Array[]): Uint8Array;
export declare function ed25519VerifySync(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean;
export declare function ed25519Verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): Promise<boolean>;
