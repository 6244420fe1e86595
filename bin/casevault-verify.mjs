#!/usr/bin/env node
// Offline verifier for Casevault exhibit bundles (issue 6): no network, no
// account, no server. Usage: casevault-verify bundle.zip [--expect <fingerprints>] [--keys keys.json] [--tsa-cert tsa.pem]
// Checks the ZIP's structure strictly (issue 13: duplicate or unlisted entries,
// header mismatches, overlaps, hidden bytes, unsafe names, ZIP64, encryption…),
// then each exhibit's SHA-256 and signature, and RFC 3161 timestamps (--tsa-cert: the TSA they must chain to).
// Exit code 0 = every exhibit and the ZIP pass, 1 = anything fails, 2 = unreadable input.
// The checks live in lib/bundles/verify-core.mjs.
import { main } from "../lib/bundles/verify-core.mjs";

process.exitCode = await main(process.argv.slice(2));
