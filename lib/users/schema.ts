import { z } from "zod";
import { emailSchema } from "@/lib/account/schema";
import { orgRoles } from "@/lib/auth/roles";

export const orgRoleSchema = z.enum(orgRoles);

export const inviteSchema = z.object({ email: emailSchema, role: orgRoleSchema });
export type InviteInput = z.infer<typeof inviteSchema>;

export const userIdSchema = z.object({ userId: z.uuid() });
export const changeRoleSchema = z.object({ userId: z.uuid(), role: orgRoleSchema });
export const invitationIdSchema = z.object({ invitationId: z.uuid() });

/** A row of the admin's user list: metadata only (DESIGN.md §3). */
export type UserRow = {
  id: string;
  email: string;
  displayName: string;
  role: z.infer<typeof orgRoleSchema>;
  status: "active" | "deactivated";
  keys: "enrolled" | "reset_pending";
  secondFactor: boolean;
  lastSignInAt: string | null;
};

export type InvitationRow = {
  id: string;
  email: string;
  role: z.infer<typeof orgRoleSchema>;
  reset: boolean;
  state: "open" | "accepted" | "revoked" | "expired";
  expiresAt: string;
  createdAt: string;
};
