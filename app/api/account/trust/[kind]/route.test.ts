import { beforeAll, describe, expect, it, vi } from "vitest";
import { saveTrustDocument } from "@/lib/trust/actions";
import type { Actor } from "@/lib/auth/policy";
import { peopleOfNewOrg, type TestUser } from "@/lib/testing/case-fixtures";
import { callRouteAs } from "@/lib/testing/route-request";
import { withTestDatabase } from "@/lib/testing/test-db";
import { GET } from "./route";

// A person's own sealed trust document as a GET: only their own, whatever
// they ask; an unknown kind is "not found"; signed out 401.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));

const { kind } = withTestDatabase();

let owner: TestUser;
let other: TestUser;

beforeAll(async () => {
  [owner, other] = await peopleOfNewOrg("caseworker", "caseworker");
  await saveTrustDocument(owner.actor, { kind: "keybook", sealed: Buffer.from("sealed keybook bytes").toString("base64url"), replaces: 0 });
});

const get = (who: TestUser | null, docKind: string) => callRouteAs(session, who, GET, `/api/account/trust/${docKind}`, { kind: docKind });

describe(`GET /api/account/trust/<kind> (${kind})`, () => {
  it("gives the owner their document and its version, uncacheable; another person only their own (none yet)", async () => {
    const mine = await get(owner, "keybook");
    expect(mine.status).toBe(200);
    expect(mine.headers.get("cache-control")).toBe("no-store");
    const doc = (await mine.json()) as { version: number; sealed: string | null };
    expect(doc.version).toBe(1);
    expect(doc.sealed).toBe(Buffer.from("sealed keybook bytes").toString("base64url"));
    const theirs = (await (await get(other, "keybook")).json()) as { version: number; sealed: string | null };
    expect(theirs.version).toBe(0);
    expect(JSON.stringify(theirs)).not.toContain(doc.sealed!);
  });

  it("answers an unknown kind 404 and nobody signed in 401", async () => {
    expect((await get(owner, "passwords")).status).toBe(404);
    expect((await get(null, "keybook")).status).toBe(401);
  });
});
