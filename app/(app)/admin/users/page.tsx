import { getTranslations } from "next-intl/server";
import { guardPage } from "@/lib/auth/guard";
import { listOrgPeople } from "@/lib/cases/queries";
import { getOrgSettings } from "@/lib/org/queries";
import { listInvitations, listUsers } from "@/lib/users/queries";
import { InvitationsTable } from "./invitations-table";
import { InviteForm } from "./invite-form";
import { OrgKeysSection } from "./org-keys-section";
import { UsersTable } from "./users-table";

export default async function UsersPage() {
  const actor = await guardPage("users.list");
  const t = await getTranslations("admin");
  const [users, invitations, keyed, org] = await Promise.all([listUsers(actor), listInvitations(actor), listOrgPeople(actor), getOrgSettings(actor)]);
  // Public keys and names only: the admin's browser decides which of them its keybook vouches for.
  const people = keyed.map(({ userId, displayName, boxPublicKey, signPublicKey }) => ({ userId, displayName, boxPublicKey, signPublicKey }));
  const me = users.find((u) => u.id === actor.userId);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-lg font-semibold text-slate-900">{t("usersTitle")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("usersLead")}</p>
      </div>
      <InviteForm />
      <UsersTable users={users} selfId={actor.userId} />
      <InvitationsTable invitations={invitations} />
      <OrgKeysSection organisation={org.name} people={people} displayName={me?.displayName ?? ""} />
    </div>
  );
}
