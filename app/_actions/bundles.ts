"use server";

import { guardedCaseAction } from "@/lib/auth/guard";
import { recordBundleExport } from "@/lib/bundles/actions/export";
import { saveBundle } from "@/lib/bundles/actions/save";
import { bundleRefSchema, saveBundleWireSchema } from "@/lib/bundles/schema";

// Court bundle entry points for the case's bundles tab (the ZIP itself is
// built in the browser): membership first, then the policy table, then the
// shared schema, then one lib function.

/** Create or update a bundle (next meta version, the whole exhibit list). */
export const saveBundleAction = guardedCaseAction("case.bundle_manage", saveBundleWireSchema, (input, actor) => saveBundle(actor, input));

/** The browser exported a bundle: the audit events (the bundle's and each evidence item's custody). */
export const bundleExportedAction = guardedCaseAction("case.bundle_manage", bundleRefSchema, (input, actor) => recordBundleExport(actor, input));
