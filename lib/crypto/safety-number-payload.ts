/**
 * What the safety-number QR code holds: the person it belongs to and their
 * 40 digits, so a phone that scans it can compare both with what it expects.
 *
 * Must always hold:
 * - Format `casevault:v1:safety:<userId>:<40 digits>` (digits as in
 *   fingerprint.ts, without the spaces); the version is bumped, never reused,
 *   if the format changes.
 * - Only a well-formed number and an id without ":" are encoded: a malformed
 *   one is an error, never a code that scans as something else.
 */
import { CryptoError } from "./errors";

const PREFIX = "casevault:v1:safety";
const DISPLAYED = /^(\d{5} ){7}\d{5}$/;
const USER_ID = /^[A-Za-z0-9-]{1,128}$/;

/** The QR payload for `userId`'s safety number as shown on screen ("12345 67890 …", 8 groups). */
export function safetyNumberPayload(userId: string, safetyNumber: string): string {
  if (!USER_ID.test(userId)) throw new CryptoError("invalid_input", "malformed user id for a safety number");
  if (!DISPLAYED.test(safetyNumber)) throw new CryptoError("invalid_input", "malformed safety number");
  return `${PREFIX}:${userId}:${safetyNumber.replaceAll(" ", "")}`;
}
