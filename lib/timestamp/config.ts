import "server-only";
import { env } from "@/lib/env";

/** The configured time-stamping authority (TSA_URL), or null: no timestamps. One function, so tests can point it at their own TSA. */
export function tsaUrl(): string | null {
  return env().TSA_URL ?? null;
}
