import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { getShellContext } from "@/lib/account/queries";
import { getActor } from "@/lib/auth/session";
import { AppShell } from "../_components/app-shell";
import { LocaleSync } from "../_components/locale-sync";
import { KeyGate } from "../_components/session/key-gate";

// Everything behind sign-in. No session → sign-in page. A session without
// keys in memory (after a reload or auto-lock) → the unlock screen.
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  const shell = await getShellContext(actor);
  const locale = await getLocale();
  return (
    <AppShell role={actor.role} user={{ displayName: shell.displayName, email: shell.email }}>
      <LocaleSync locale={locale} />
      <KeyGate autoLockMinutes={shell.autoLockMinutes}>{children}</KeyGate>
    </AppShell>
  );
}
