/**
 * `tsx --tsconfig scripts/tsconfig.json scripts/seed-many-cases.ts <cases> <perCase> <passphrase>`:
 * a new organisation whose coordinator (able to sign in through the real
 * page) leads `cases` cases × `perCase` deadlines, made as the benches make
 * them (scripts/bench-seed-dashboard.ts), on the database the environment
 * names. Prints one JSON line: {"email", "secret"} (the TOTP secret). For
 * e2e/paging.spec.ts: lists longer than a page.
 */
async function main() {
  const [cases, perCase] = [Number(process.argv[2]), Number(process.argv[3])];
  const passphrase = process.argv[4];
  if (!(cases > 0) || !(perCase >= 0) || !passphrase) throw new Error("usage: seed-many-cases.ts <cases> <perCase> <passphrase>");
  const { closeDb } = await import("@/lib/db/client");
  const { newBenchCoordinator, seedDashboardCases } = await import("./bench-seed-dashboard");
  try {
    const coordinator = await newBenchCoordinator({ passphrase });
    await seedDashboardCases(coordinator, cases, perCase);
    console.log(JSON.stringify({ email: coordinator.email, secret: coordinator.totpSecret }));
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
