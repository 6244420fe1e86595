// Types for timestamp.mjs (plain JavaScript so it runs under bare Node and in a browser).
import type { Certificate, SignedData, TSTInfo } from "pkijs";

export declare const TIMESTAMP_TOKEN_MAX_BYTES: number;

export type TimestampCheck =
  | { status: "verified" | "tsa-unverified"; time: string; tsa: string | null }
  | { status: "fail"; reason: string; time?: string; tsa?: string | null };

export type TokenClaims = { time: string; sha256Hex: string | null; algorithm: string };
export type ParsedToken = { signedData: SignedData; tstInfo: TSTInfo; problem?: undefined };

export declare function decodeTokenText(text: unknown): Uint8Array | null;
export declare function parseToken(der: Uint8Array): ParsedToken | { problem: string; signedData?: undefined; tstInfo?: undefined };
export declare function tokenClaims(parsed: ParsedToken): TokenClaims;
export declare function parseTsaCertificates(pemText: string): { certificates: Certificate[]; problem?: undefined } | { problem: string; certificates?: undefined };
export declare function checkTimestamp(text: unknown, data: Uint8Array, trusted: Certificate[] | null): Promise<TimestampCheck>;
export declare function readTokenClaims(text: unknown): TokenClaims | null;
