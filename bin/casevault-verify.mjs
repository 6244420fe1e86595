#!/usr/bin/env node
// Offline verifier for Casevault exhibit bundles (issue 6): no network, no
// account, no server. Usage: casevault-verify bundle.zip
// Exit code 0 = every exhibit passes, 1 = at least one fails, 2 = unreadable input.
// The checks live in lib/bundles/verify-core.mjs.
import { main } from "../lib/bundles/verify-core.mjs";

process.exitCode = await main(process.argv.slice(2));
