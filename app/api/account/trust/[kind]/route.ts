import { guardedRoute } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { jsonNoStore } from "@/lib/http/request";
import { trustDocumentKindSchema } from "@/lib/trust/schema";
import { getTrustDocument } from "@/lib/trust/queries";

export const dynamic = "force-dynamic";

// The signed-in person's own sealed trust document (keybook or marks) and its
// version: a read. Saving stays a server action (compare-and-swap on the version).
// GET /api/account/trust/keybook | /api/account/trust/marks
export const GET = guardedRoute<{ kind: string }>("account.trust_read", async (_request, actor, { kind }) => {
  if (!actor) throw new AppError("unauthenticated");
  const parsed = trustDocumentKindSchema.safeParse(kind);
  if (!parsed.success) throw new AppError("not_found");
  return jsonNoStore(await getTrustDocument(actor, parsed.data));
});
