import { getTranslations } from "next-intl/server";
import { guardPage } from "@/lib/auth/guard";
import { listInvitations, listUsers } from "@/lib/users/queries";
import { InvitationsTable } from "./invitations-table";
import { InviteForm } from "./invite-form";
import { UsersTable } from "./users-table";

export default async function UsersPage() {
  const actor = await guardPage("users.list");
  const t = await getTranslations("admin");
  const [users, invitations] = await Promise.all([listUsers(actor), listInvitations(actor)]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-lg font-semibold text-slate-900">{t("usersTitle")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("usersLead")}</p>
      </div>
      <InviteForm />
      <UsersTable users={users} selfId={actor.userId} />
      <InvitationsTable invitations={invitations} />
    </div>
  );
}
