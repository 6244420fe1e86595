import { z } from "zod";
import { sha256Wire } from "@/lib/evidence/wire";

/** POST /api/cases/{caseId}/timestamp: the SHA-256 to stamp (base64url), nothing else. */
export const timestampWireSchema = z.object({ sha256: sha256Wire }).strict();

/** The answer: the token (DER, base64url), or null when no TSA is configured (TSA_URL unset). */
export type TimestampAnswer = { token: string | null };

/** The largest request body: one hash in JSON. */
export const TIMESTAMP_BODY_MAX = 1024;
