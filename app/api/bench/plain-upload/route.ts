import { NextResponse } from "next/server";
import { guardedRoute } from "@/lib/auth/guard";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";

// Benchmark only (npm run bench:upload): receives a part and throws it away,
// so the encrypted upload path can be compared with a plain one on the same
// server. Answers 404 unless BENCH_ROUTES=1.
export const PUT = guardedRoute("bench.plain_upload", async (request) => {
  if (env().BENCH_ROUTES !== "1") throw new AppError("not_found");
  let bytes = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    bytes += chunk.value.length;
    if (bytes > 8 * 1024 * 1024) throw new AppError("invalid_input", "request.tooLarge");
  }
  return NextResponse.json({ bytes }, { headers: { "Cache-Control": "no-store" } });
});
