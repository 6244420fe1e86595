"use server";

import { z } from "zod";
import { changePassphrase, regenerateRecoveryCodes } from "@/lib/account/actions";
import { getKeyMaterial } from "@/lib/account/queries";
import { changePassphraseWireSchema, regenerateRecoveryCodesWireSchema } from "@/lib/account/schema";
import { guardedAction } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { saveTrustDocument } from "@/lib/trust/actions";
import { saveTrustDocumentWireSchema } from "@/lib/trust/schema";

// Server actions of the signed-in user's own account (thin: policy door,
// schema, one lib call).

export const keyMaterialAction = guardedAction("account.key_material", z.undefined(), async (_input, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  return getKeyMaterial(actor);
});

export const changePassphraseAction = guardedAction("account.change_passphrase", changePassphraseWireSchema, async (input, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  await changePassphrase(actor, input);
});

export const regenerateRecoveryCodesAction = guardedAction("account.recovery_codes", regenerateRecoveryCodesWireSchema, async (input, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  return regenerateRecoveryCodes(actor, input);
});

export const saveTrustDocumentAction = guardedAction("account.trust_save", saveTrustDocumentWireSchema, async (input, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  return saveTrustDocument(actor, input);
});
