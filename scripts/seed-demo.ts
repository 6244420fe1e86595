// `npm run seed:demo`: a demo organisation with one user per org role, on
// the embedded database (refused while the app holds it) or DATABASE_URL.
// Applies pending migrations first. Later features extend it: user keys and
// second factor (identity), a demo case, testimonies, evidence, deadlines.
import { closeDb, getDb } from "@/lib/db/client";
import { orgRoles } from "@/lib/auth/roles";

const demoOrg = "Demo Human Rights Centre";

const people = {
  admin: "Alex Admin",
  coordinator: "Nino Coordinator",
  caseworker: "Aram Caseworker",
  lawyer: "Olga Lawyer",
} as const;

async function main() {
  const db = await getDb();
  const existing = await db.organisation.findFirst({ where: { name: demoOrg } });
  if (existing) {
    console.log(`The demo organisation already exists; nothing changed.`);
    return;
  }
  const org = await db.organisation.create({
    data: {
      name: demoOrg,
      users: {
        create: orgRoles.map((role) => ({ role, email: `${role}@demo.casevault.test`, displayName: people[role] })),
      },
    },
    include: { users: true },
  });
  console.log(`Created "${org.name}" with ${org.users.length} users:`);
  for (const user of org.users) console.log(`  ${user.role.padEnd(12)} ${user.email}  (${user.displayName})`);
  console.log("Sign-in credentials are added by the identity feature (passphrase and second factor).");
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(closeDb);
