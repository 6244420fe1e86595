import "server-only";
import { getDb } from "@/lib/db/client";

/** Opens (and migrates) the database if needed and runs a trivial query. */
export async function checkDatabase(): Promise<void> {
  const db = await getDb();
  await db.$queryRaw`SELECT 1`;
}
