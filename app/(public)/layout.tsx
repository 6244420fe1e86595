import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/session";
import { AppShell } from "../_components/app-shell";

// Pages for people who are not signed in. A signed-in visitor goes home.
export default async function PublicLayout({ children }: { children: React.ReactNode }) {
  if (await getActor()) redirect("/");
  return <AppShell role={null}>{children}</AppShell>;
}
