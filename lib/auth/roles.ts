// Org roles and case roles as domain types. UI and policy use these, never
// Prisma's generated enums (a unit test keeps the two in step).

export const orgRoles = ["admin", "coordinator", "caseworker", "lawyer"] as const;
export type OrgRole = (typeof orgRoles)[number];

export const caseRoles = ["lead", "member", "reviewer"] as const;
export type CaseRole = (typeof caseRoles)[number];
