import "server-only";
import { randomInt } from "node:crypto";

// Case reference codes like CV-7Q3K-9XPA: random (they say nothing about the
// person, the date or the order of cases), short enough to read over the
// phone, without the look-alikes 0/O, 1/I/L.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function newCaseReference(): string {
  const part = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `CV-${part()}-${part()}`;
}

export const caseReferencePattern = /^CV-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;
