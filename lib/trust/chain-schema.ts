/**
 * The membership chain's wire shape, shared by the browser (which signs and
 * verifies it, lib/trust/membership-chain.ts) and the server (which only
 * stores it and checks that it follows the change it came with).
 *
 * A statement holds nothing the server may not see (DESIGN.md §3): user ids,
 * case roles, public keys, the epoch number and its key check value.
 */
import { z } from "zod";
import { caseRoles } from "@/lib/auth/roles";
import { base64urlOfBytes } from "@/lib/encoding/base64url";

export const CHAIN_STATEMENT_TYPE = "casevault:v1:membership";

export const chainMemberSchema = z.strictObject({
  userId: z.uuid(),
  role: z.enum(caseRoles),
  boxPublicKey: base64urlOfBytes(32),
  signPublicKey: base64urlOfBytes(32),
});
export type ChainMember = z.infer<typeof chainMemberSchema>;

/** Statement `seq` of a case's chain: who is on the team with which keys, under which key epoch, after which statement. */
export const membershipStatementSchema = z.strictObject({
  type: z.literal(CHAIN_STATEMENT_TYPE),
  caseId: z.uuid(),
  seq: z.number().int().min(1),
  /** SHA-256 (base64url) of the canonical JSON of statement seq-1; "" for the first. */
  prev: z.union([z.literal(""), base64urlOfBytes(32)]),
  epoch: z.number().int().min(1),
  keyCheckValue: base64urlOfBytes(32),
  members: z.array(chainMemberSchema).min(1).max(500),
  signerId: z.uuid(),
  signedAt: z.iso.datetime(),
});
export type MembershipStatement = z.infer<typeof membershipStatementSchema>;

export const chainLinkWireSchema = z.strictObject({ statement: membershipStatementSchema, signature: base64urlOfBytes(64) });
export type ChainLinkWire = z.infer<typeof chainLinkWireSchema>;
