import type { OrgRole } from "@/lib/auth/roles";

/** Who is looking at the case: passed from the workspace to every tab. */
export type Me = { userId: string; orgRole: OrgRole };
