import { defineConfig } from "prisma/config";

// The CLI is used here only for `prisma generate` (offline). Migrations are
// created and applied by scripts/db-migrate.ts and lib/db/migrate.ts, which
// keep Prisma's standard folder format so `prisma migrate deploy` also works
// for anyone whose machine can download the schema engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/casevault" },
});
