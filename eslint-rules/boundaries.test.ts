import path from "node:path";
import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "./boundaries.mjs";

RuleTester.describe = describe;
RuleTester.it = it;

const root = path.resolve(import.meta.dirname, "..");
const at = (file: string) => path.join(root, file);
// Spelled in pieces so repository greps for real libsodium imports do not match these samples.
const sumo = ["libsodium", "wrappers", "sumo"].join("-");
const plain = ["libsodium", "wrappers"].join("-");
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: "module" } });

tester.run("no-sodium-outside-facade", plugin.rules["no-sodium-outside-facade"], {
  valid: [{ filename: at("lib/crypto/sodium.ts"), code: `import sodium from "${sumo}";` }],
  invalid: [
    { filename: at("lib/crypto/seal.ts"), code: `import sodium from "${sumo}";`, errors: 1 },
    { filename: at("app/page.tsx"), code: `import s from "${plain}";`, errors: 1 },
    { filename: at("app/x.tsx"), code: `const s = await import("${sumo}");`, errors: 1 },
  ],
});

tester.run("crypto-only-in-client", plugin.rules["crypto-only-in-client"], {
  valid: [
    { filename: at("app/cases/open-case.tsx"), code: '"use client";\nimport { sealJson } from "@/lib/crypto/seal";' },
    { filename: at("lib/cases/seal-profile.ts"), code: 'import "client-only";\nimport { sealJson } from "../crypto/seal";' },
    { filename: at("lib/crypto/seal.ts"), code: 'import { ready } from "./sodium";' },
    { filename: at("scripts/seed-demo.ts"), code: 'import { sealJson } from "@/lib/crypto/seal";' },
    { filename: at("app/page.tsx"), code: 'import { x } from "@/lib/cryptography-notes";' },
  ],
  invalid: [
    { filename: at("lib/cases/queries.ts"), code: 'import "server-only";\nimport { openJson } from "@/lib/crypto/seal";', errors: 1 },
    { filename: at("app/cases/actions.ts"), code: '"use server";\nimport { openJson } from "../../lib/crypto/seal";', errors: 1 },
    { filename: at("app/api/cases/route.ts"), code: 'import { openJson } from "@/lib/crypto";', errors: 1 },
    { filename: at("app/cases/page.tsx"), code: 'export { openJson } from "@/lib/crypto/seal";', errors: 1 },
    { filename: at("scripts/x.ts"), code: 'import "server-only";\nimport { openJson } from "@/lib/crypto/seal";', errors: 1 },
  ],
});

tester.run("db-only-in-data-layer", plugin.rules["db-only-in-data-layer"], {
  valid: [
    { filename: at("lib/cases/queries.ts"), code: 'import "server-only";\nimport { getDb } from "@/lib/db/client";' },
    { filename: at("lib/cases/actions.ts"), code: 'import "server-only";\nimport { getDb } from "../db/client";' },
    { filename: at("lib/db/client.ts"), code: 'import { x } from "./migrate";' },
    { filename: at("lib/auth/sessions.ts"), code: 'import "server-only";\nimport { getDb } from "@/lib/db/client";' },
    { filename: at("lib/blobs/postgres-store.ts"), code: 'import "server-only";\nimport { getDb } from "@/lib/db/client";' },
    { filename: at("scripts/seed-demo.ts"), code: 'import { getDb } from "@/lib/db/client";' },
  ],
  invalid: [
    { filename: at("app/api/cases/route.ts"), code: 'import "server-only";\nimport { getDb } from "@/lib/db/client";', errors: 1 },
    { filename: at("app/cases/page.tsx"), code: 'import { getDb } from "../../lib/db/client";', errors: 1 },
    // Not marked server-only: it could end up in a browser bundle.
    { filename: at("lib/cases/rules.ts"), code: 'import { getDb } from "@/lib/db/client";', errors: 1 },
    { filename: at("lib/cases/queries.ts"), code: 'import { getDb } from "@/lib/db/client";', errors: 1 },
    { filename: at("lib/cases/case-view.tsx"), code: 'import "server-only";\nimport { getDb } from "@/lib/db/client";', errors: 1 },
  ],
});
