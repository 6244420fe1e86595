import "server-only";
import { getDb } from "@/lib/db/client";
import { hmacWithServerSecret } from "../server-secret";

// The per-address token bucket for sign-in (DESIGN.md §1 brute force; state
// in the database so every instance shares it). Invariants:
// - An attempt takes a token BEFORE any credential is checked (one atomic
//   upsert, so concurrent attempts on several instances cannot overdraw),
//   and a successful sign-in gives it back: only failures use up the bucket,
//   so an office behind one address is never slowed by its own good sign-ins.
// - An address is stored only as an HMAC under the server secret.
// - One address's bucket never affects another address.

/** A burst of 30 failures (a shared office or shelter), then one every 20 s: 180 an hour. */
export const ADDRESS_BUCKET_CAPACITY = 30;
export const ADDRESS_REFILL_SECONDS = 20;

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export function addressKey(address: string): string {
  return `ip:${hmacWithServerSecret(`rate-limit-ip:${address}`).toString("hex")}`;
}

export async function takeAddressToken(key: string, now: Date): Promise<TakeResult> {
  const db = await getDb();
  // In ON CONFLICT's SET and WHERE, "AddressBucket".x is the OLD row. The
  // refill is clamped at zero elapsed time, so a clock behind another
  // instance's never takes tokens away.
  const rows = await db.$queryRaw<{ tokens: number }[]>`
    INSERT INTO "AddressBucket" ("key", "tokens", "refilledAt")
    VALUES (${key}, ${ADDRESS_BUCKET_CAPACITY - 1}::float8, ${now}::timestamp(3))
    ON CONFLICT ("key") DO UPDATE SET
      "tokens" = LEAST(${ADDRESS_BUCKET_CAPACITY}::float8, "AddressBucket"."tokens"
        + GREATEST(0, EXTRACT(EPOCH FROM (${now}::timestamp(3) - "AddressBucket"."refilledAt")))::float8 / ${ADDRESS_REFILL_SECONDS}) - 1,
      "refilledAt" = GREATEST("AddressBucket"."refilledAt", ${now}::timestamp(3))
    WHERE LEAST(${ADDRESS_BUCKET_CAPACITY}::float8, "AddressBucket"."tokens"
        + GREATEST(0, EXTRACT(EPOCH FROM (${now}::timestamp(3) - "AddressBucket"."refilledAt")))::float8 / ${ADDRESS_REFILL_SECONDS}) >= 1
    RETURNING "tokens"`;
  if (rows.length === 1) return { ok: true };
  const row = await db.addressBucket.findUnique({ where: { key } });
  const elapsed = row ? Math.max(0, now.getTime() - row.refilledAt.getTime()) / 1000 : 0;
  const tokens = row ? row.tokens + elapsed / ADDRESS_REFILL_SECONDS : 0;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) * ADDRESS_REFILL_SECONDS)) };
}

/** After a successful sign-in: the attempt's token goes back. */
export async function returnAddressToken(key: string): Promise<void> {
  const db = await getDb();
  await db.$executeRaw`
    UPDATE "AddressBucket" SET "tokens" = LEAST(${ADDRESS_BUCKET_CAPACITY}::float8, "tokens" + 1) WHERE "key" = ${key}`;
}
