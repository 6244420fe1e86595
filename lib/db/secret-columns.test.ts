import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { newOrg } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { listUsers } from "@/lib/users/queries";
import { getDb } from "./client";

// The global `omit` (secretColumns in client.ts): a plain read — one row, a
// list, an include through a relation — never returns the authKey verifier,
// the TOTP secret or a token hash; only a query that names them gets them.

const { kind } = withTestDatabase();

const SECRETS = ["authKeyHash", "totpSecret", "tokenHash"];
let orgId: string;
let userId: string;

/** Every key anywhere in `value`, nested objects and arrays included. */
function keysDeep(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysDeep(v, into));
  else if (value && typeof value === "object" && !(value instanceof Uint8Array) && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysDeep(v, into);
    }
  }
  return into;
}

beforeAll(async () => {
  orgId = await newOrg();
  const db = await getDb();
  userId = randomUUID();
  await db.user.create({
    data: { id: userId, orgId, email: `${userId}@secrets.test`, displayName: "S", role: "admin", authKeyHash: "$argon2id$not-a-real-hash", totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" },
  });
  await db.session.create({ data: { userId, expiresAt: new Date(Date.now() + 3_600_000) } });
  await db.calendarFeed.create({ data: { userId, tokenHash: new Uint8Array(32).fill(7) } });
  await db.invitation.create({ data: { orgId, email: "x@secrets.test", role: "lawyer", tokenHash: new Uint8Array(32).fill(9), expiresAt: new Date(Date.now() + 3_600_000) } });
});

describe(`secret columns are omitted by default (${kind})`, () => {
  it("plain reads, lists and includes carry no secret column", async () => {
    const db = await getDb();
    const reads = await Promise.all([
      db.user.findUnique({ where: { id: userId } }),
      db.user.findMany({ where: { orgId } }),
      db.session.findFirst({ where: { userId }, include: { user: true } }),
      db.organisation.findUnique({ where: { id: orgId }, include: { users: true, invitations: true } }),
      db.calendarFeed.findFirst({ where: { userId }, include: { user: true } }),
      db.invitation.findMany({ where: { orgId } }),
      db.user.update({ where: { id: userId }, data: { displayName: "S2" } }),
    ]);
    for (const read of reads) {
      expect(read).toBeTruthy();
      expect([...keysDeep(read)].filter((k) => SECRETS.includes(k))).toEqual([]);
    }
    // …while the row still has them.
    expect(reads[0]).toMatchObject({ id: userId, email: `${userId}@secrets.test` });
  });

  it("inside a transaction too", async () => {
    const db = await getDb();
    const row = await db.$transaction((tx) => tx.user.findUniqueOrThrow({ where: { id: userId } }));
    expect(Object.keys(row)).not.toContain("authKeyHash");
    expect(Object.keys(row)).not.toContain("totpSecret");
  });

  it("a query that opts in by name gets them", async () => {
    const db = await getDb();
    const row = await db.user.findUniqueOrThrow({ where: { id: userId }, omit: { authKeyHash: false, totpSecret: false } });
    expect(row.authKeyHash).toBe("$argon2id$not-a-real-hash");
    expect(row.totpSecret).toBe("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    const selected = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { authKeyHash: true } });
    expect(selected).toEqual({ authKeyHash: "$argon2id$not-a-real-hash" });
  });

  it("the admin user list still says who is enrolled, without the secrets", async () => {
    const actor: Actor = { userId, orgId, role: "admin" };
    const [row] = (await listUsers(actor)).filter((u) => u.id === userId);
    expect(row).toMatchObject({ keys: "enrolled", secondFactor: true });
    expect([...keysDeep(row)].filter((k) => SECRETS.includes(k))).toEqual([]);
  });
});
