import { NextResponse } from "next/server";
import { z } from "zod";
import { emailSchema } from "@/lib/account/schema";
import { guardedRoute } from "@/lib/auth/guard";
import { getKdfParams } from "@/lib/auth/queries/kdf-params";

const bodySchema = z.object({ email: emailSchema });

// Step one of sign-in: the salt and Argon2id parameters for an email. An
// unknown email gets stable made-up ones, so the answer reveals nothing.
export const POST = guardedRoute("auth.kdf_params", async (request) => {
  const parsed = bodySchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return NextResponse.json({ error: "invalid_input" }, { status: 400 });
  return NextResponse.json(await getKdfParams(parsed.data.email), { headers: { "Cache-Control": "no-store" } });
});
