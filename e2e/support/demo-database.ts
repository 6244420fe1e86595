import fs from "node:fs";
import { seedDemo, type SeededAccount } from "./seed";
import { freshDatabase, type TestDatabase } from "./server";
import { copyDatabase } from "./template-db";
import { forgetSpentCodes } from "./totp";

// The demo organisation, seeded once per run and copied for each spec that
// needs it: `npm run seed:demo` takes 20–30 s here (a fresh database, every
// migration, four people's keys), and most specs start from exactly that.
// The template is remembered in a file beside the run's data folder, so a
// worker Playwright restarts after a failure finds it too.

type Template = { database: TestDatabase; accounts: SeededAccount[] };

function templateFile(): string {
  const runDir = process.env.E2E_DATA_DIR;
  if (!runDir) throw new Error("E2E_DATA_DIR is not set: run the specs through playwright.config.ts");
  return `${runDir}.demo-template.json`;
}

let template: Template | null = null;

async function demoTemplate(): Promise<Template> {
  if (template) return template;
  const file = templateFile();
  if (fs.existsSync(file)) {
    template = JSON.parse(fs.readFileSync(file, "utf8")) as Template;
    return template;
  }
  const database = await freshDatabase();
  const { accounts } = seedDemo(database);
  template = { database, accounts };
  fs.writeFileSync(file, JSON.stringify(template), { mode: 0o600 });
  return template;
}

/** A database of this spec's own holding the demo organisation, and the people `seed:demo` printed. */
export async function demoDatabase(): Promise<{ database: TestDatabase; accounts: SeededAccount[] }> {
  const { database, accounts } = await demoTemplate();
  const copy = await copyDatabase(database);
  forgetSpentCodes();
  return { database: copy, accounts };
}
