/**
 * The command line: casevault-verify <bundle.zip> [--expect <fingerprint>[,…]] [--keys keys.json] [--tsa-cert tsa.pem]
 * Exit 0 = everything passes and every signer's identity was checked;
 *      1 = a failure (a file, a signature, the ZIP, an identity);
 *      2 = unreadable input or usage;
 *      3 = every signature valid, identities NOT verified (no --expect or --keys),
 *          or timestamps present whose TSA was not checked (no --tsa-cert).
 */
import { readFile } from "node:fs/promises";
import { parseExpected } from "./identities.mjs";
import { parseOrgKeys } from "./org-keys.mjs";
import { parseTsaCertificates } from "./timestamp.mjs";
import { formatReport } from "./report.mjs";
import { fileSource } from "./zip-reader.mjs";
import { verifyBundle } from "./bundle.mjs";

export const EXIT = { pass: 0, fail: 1, unreadable: 2, unverified: 3 };

const USAGE = [
  "Usage: casevault-verify <bundle.zip> [--expect <fingerprint>[,<fingerprint>…]] [--keys keys.json] [--tsa-cert tsa.pem]",
  "Checks the manifest's signature, the ZIP's structure, every file's SHA-256 and every Ed25519 signature, offline.",
  "  --expect  the 40-digit fingerprints (spaces allowed, comma between people) of everyone allowed to have signed",
  "  --keys    the organisation's public keys file, signed by its admin and handed over separately",
  "  --tsa-cert  the time-stamping authority's certificate or its CA's (PEM): RFC 3161 timestamps must chain to it",
  "Exit 0 = all pass, identities (and timestamps) checked; 1 = a failure; 2 = unreadable input; 3 = signatures valid, identities or TSA NOT verified.",
];

function parseArgs(argv) {
  const args = argv.filter((a) => a !== "--");
  const parsed = { bundle: null, expect: null, keys: null, tsaCert: null };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (name) => {
      const inline = arg.startsWith(`${name}=`) ? arg.slice(name.length + 1) : null;
      if (inline !== null) return inline;
      if (i + 1 >= args.length) throw new Error(`${name} needs a value`);
      return args[++i];
    };
    if (arg === "-h" || arg === "--help") return null;
    if (arg === "--expect" || arg.startsWith("--expect=")) parsed.expect = [...(parsed.expect ?? []), ...parseExpected(value("--expect"))];
    else if (arg === "--keys" || arg.startsWith("--keys=")) parsed.keys = value("--keys");
    else if (arg === "--tsa-cert" || arg.startsWith("--tsa-cert=")) parsed.tsaCert = value("--tsa-cert");
    else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}`);
    else if (parsed.bundle === null) parsed.bundle = arg;
    else throw new Error("give one bundle");
  }
  if (parsed.bundle === null) return null;
  return parsed;
}

export async function main(argv, out = (line) => process.stdout.write(`${line}\n`), err = (line) => process.stderr.write(`${line}\n`)) {
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    args = null;
  }
  if (!args) {
    for (const line of USAGE) err(line);
    return EXIT.unreadable;
  }
  let orgKeys = null;
  if (args.keys !== null) {
    let bytes;
    try {
      bytes = await readFile(args.keys);
    } catch (error) {
      err(`Cannot open ${args.keys}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.unreadable;
    }
    const parsed = parseOrgKeys(new Uint8Array(bytes));
    if (!parsed.ok) {
      err(`${args.keys} cannot be used: ${parsed.reason}`);
      return EXIT.fail;
    }
    orgKeys = parsed;
  }
  let tsaCerts = null;
  if (args.tsaCert !== null) {
    let pem;
    try {
      pem = await readFile(args.tsaCert, "utf8");
    } catch (error) {
      err(`Cannot open ${args.tsaCert}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.unreadable;
    }
    const parsed = parseTsaCertificates(pem);
    if (parsed.problem) {
      err(`${args.tsaCert} cannot be used: ${parsed.problem}`);
      return EXIT.unreadable;
    }
    tsaCerts = parsed.certificates;
  }
  let source;
  try {
    source = await fileSource(args.bundle);
  } catch (error) {
    err(`Cannot open ${args.bundle}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.unreadable;
  }
  try {
    const result = await verifyBundle(source, { expect: args.expect, orgKeys, tsaCerts });
    out(formatReport(result));
    return EXIT[result.verdict];
  } catch (error) {
    err(`Cannot read ${args.bundle} as a Casevault bundle: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.unreadable;
  } finally {
    await source.close();
  }
}
