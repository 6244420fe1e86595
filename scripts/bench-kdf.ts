/**
 * Argon2id timing at the default account parameters (DESIGN.md §2), in Node.
 * Usage: npx tsx scripts/bench-kdf.ts [runs]
 *
 * Prints the median of N runs (default 5) after one warm-up run, so the
 * number can be compared with the browser (headless Chromium is slower).
 */
import { DEFAULT_KDF_PARAMS, deriveMasterKey } from "../lib/crypto/kdf";
import { wipe } from "../lib/crypto/encoding";
import { loadSodium } from "../lib/crypto/sodium";

async function main(): Promise<void> {
  const runs = Math.max(1, Number.parseInt(process.argv[2] ?? "5", 10) || 5);
  const sodium = await loadSodium();
  const salt = sodium.randombytes_buf(16);
  const params = DEFAULT_KDF_PARAMS;

  wipe(await deriveMasterKey("warm-up passphrase", salt, params));

  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const key = await deriveMasterKey(`benchmark passphrase ${i}`, salt, params);
    times.push(performance.now() - started);
    wipe(key);
  }
  times.sort((a, b) => a - b);
  const median = times.length % 2 === 1
    ? (times[(times.length - 1) / 2] ?? 0)
    : ((times[times.length / 2 - 1] ?? 0) + (times[times.length / 2] ?? 0)) / 2;

  const mib = params.memLimitBytes / (1024 * 1024);
  console.log(`Argon2id13 opslimit=${params.opsLimit} memlimit=${mib} MiB, ${runs} runs (Node ${process.version})`);
  console.log(`  runs:   ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
  console.log(`  median: ${median.toFixed(0)} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
