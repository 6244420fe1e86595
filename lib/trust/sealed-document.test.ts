import { describe, expect, it } from "vitest";
import { newAccount } from "@/lib/testing/case-fixtures";
import { fromBase64url, toBase64url } from "@/lib/crypto/encoding";
import { marksCodec, noting } from "./marks";
import { keybookCodec, keyStatus, pinning, type Keybook, type KeyVerification, type PublicKeysOf } from "./keybook";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { SealedDocumentSession, type TrustDocumentServer } from "./sealed-document";
import type { SaveTrustDocumentWire, StoredTrustDocument } from "./schema";

// A 32-byte key in its one base64url spelling (the last character carries 4 data bits and 2 zero bits).
const k = (c: string) => `${c.repeat(42)}A`;
const olga: PublicKeysOf = { userId: "olga", boxPublicKey: k("A"), signPublicKey: k("B") };
const aram: PublicKeysOf = { userId: "aram", boxPublicKey: k("C"), signPublicKey: k("D") };

/** An honest in-memory server with compare-and-swap (one kind); tests then make it lie. */
function fakeServer(initial: StoredTrustDocument = { version: 0, sealed: null }) {
  const state = { stored: initial, saves: 0 };
  const server: TrustDocumentServer = {
    load: async () => state.stored,
    save: async (input: SaveTrustDocumentWire) => {
      if (input.replaces !== state.stored.version) return { ok: false, conflict: true };
      state.saves++;
      state.stored = { version: input.replaces + 1, sealed: input.sealed };
      return { ok: true, version: state.stored.version };
    },
  };
  return { server, state };
}

const KeybookSession = { open: (account: UnlockedAccount, server: TrustDocumentServer) => SealedDocumentSession.open(keybookCodec, account, server) };
const pin = (session: SealedDocumentSession<Keybook>, keys: PublicKeysOf[], verified: KeyVerification) => session.update(pinning(keys, verified));

describe("a sealed trust document (the keybook)", () => {
  it("saves sealed, versioned copies that reopen in a new session, and reveal no key in the clear", async () => {
    const me = await newAccount("11111111-1111-4111-8111-111111111111");
    const { server, state } = fakeServer();
    const session = await KeybookSession.open(me, server);
    await pin(session, [olga], "compared");
    await pin(session, [aram], "first_seen");
    expect(state.stored.version).toBe(2);
    expect(Buffer.from(fromBase64url(state.stored.sealed!)).toString("latin1")).not.toContain(olga.boxPublicKey);
    const again = await KeybookSession.open(me, server);
    expect(keyStatus(again.doc, olga)).toMatchObject({ state: "pinned", pinned: { verified: "compared" } });
    expect(keyStatus(again.doc, aram).state).toBe("pinned");
    expect(again.damaged).toBe(false);
  });

  it("pinning what is already pinned saves nothing", async () => {
    const me = await newAccount("11111111-1111-4111-8111-111111111112");
    const { server, state } = fakeServer();
    const session = await KeybookSession.open(me, server);
    await pin(session, [olga], "first_seen");
    await pin(session, [olga], "first_seen");
    expect(state.saves).toBe(1);
  });

  it("another tab's save in between is merged, not overwritten", async () => {
    const me = await newAccount("11111111-1111-4111-8111-111111111113");
    const { server } = fakeServer();
    const tabA = await KeybookSession.open(me, server);
    const tabB = await KeybookSession.open(me, server);
    await pin(tabA, [olga], "compared");
    await pin(tabB, [aram], "compared");
    const fresh = await KeybookSession.open(me, server);
    expect(keyStatus(fresh.doc, olga).state).toBe("pinned");
    expect(keyStatus(fresh.doc, aram).state).toBe("pinned");
  });

  it("lying server: another user's keybook, an old copy relabelled as newer, or junk is damaged and trusts nobody", async () => {
    const me = await newAccount("11111111-1111-4111-8111-111111111114");
    const other = await newAccount("11111111-1111-4111-8111-111111111115");
    const theirs = fakeServer();
    await pin(await KeybookSession.open(other, theirs.server), [olga], "compared");
    const mine = fakeServer();
    const session = await KeybookSession.open(me, mine.server);
    await pin(session, [olga], "compared");
    const versionOne = mine.state.stored;
    await pin(session, [aram], "compared");

    for (const served of [
      theirs.state.stored, // someone else's keybook
      { version: 2, sealed: versionOne.sealed }, // my version 1 served as version 2
      { version: 2, sealed: toBase64url(new Uint8Array(80)) },
    ]) {
      const opened = await KeybookSession.open(me, { ...mine.server, load: async () => served });
      expect(opened.damaged).toBe(true);
      expect(keyStatus(opened.doc, olga).state).toBe("unknown");
    }
    // Control: what the server really stored opens.
    expect((await KeybookSession.open(me, mine.server)).damaged).toBe(false);
  });

  it("lying server: the user's own marks served as their keybook do not open", async () => {
    const me = await newAccount("11111111-1111-4111-8111-111111111116");
    const marks = fakeServer();
    const session = await SealedDocumentSession.open(marksCodec, me, marks.server);
    await session.update(noting({ epochs: [["case-1", 2]] }));
    const asKeybook = await KeybookSession.open(me, { ...marks.server, load: async () => marks.state.stored });
    expect(asKeybook.damaged).toBe(true);
    expect((await SealedDocumentSession.open(marksCodec, me, marks.server)).doc.epochs.get("case-1")).toBe(2);
  });
});
