import "client-only";
import { PASSPHRASE_MAX, PASSPHRASE_MIN } from "./schema";

// Passphrase strength, judged in the browser (the server never sees the
// passphrase, so it cannot judge it). No composition rules: length, the
// common-password list shipped with zxcvbn-ts, and its guessability score.

export type Strength = { score: 0 | 1 | 2 | 3 | 4; problem: null | "tooShort" | "tooLong" | "common" | "guessable" };

type Checker = (passphrase: string, userInputs: string[]) => { score: Strength["score"]; common: boolean };

let checker: Promise<Checker> | undefined;

/** zxcvbn-ts and its dictionaries are large: loaded on first use only. */
function loadChecker(): Promise<Checker> {
  checker ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common")]).then(([core, common]) => {
    const zxcvbn = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary },
      graphs: common.adjacencyGraphs,
    });
    const commonPasswords = new Set(common.dictionary["passwords-common"]);
    return (passphrase, userInputs) => ({
      score: zxcvbn.check(passphrase, userInputs).score,
      common: commonPasswords.has(passphrase.toLowerCase()),
    });
  });
  return checker;
}

/** `userInputs`: words the passphrase must not lean on (email, name, organisation). */
export async function assessPassphrase(passphrase: string, userInputs: string[] = []): Promise<Strength> {
  if (passphrase.length > PASSPHRASE_MAX) return { score: 0, problem: "tooLong" };
  const check = await loadChecker();
  // Whole inputs and their parts ("nino.coordinator@demo.org" → nino, coordinator, …).
  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[^\p{L}\p{N}]+/u)]).filter((w) => w.length >= 3);
  const { score, common } = check(passphrase.slice(0, 100), inputs);
  if (passphrase.length < PASSPHRASE_MIN) return { score: Math.min(score, 1) as Strength["score"], problem: "tooShort" };
  if (common) return { score: 0, problem: "common" };
  if (score < 3) return { score, problem: "guessable" };
  return { score, problem: null };
}
