import { describe, expect, it } from "vitest";
import { assessPassphrase } from "./passphrase-strength";

describe("assessPassphrase", () => {
  it("rejects passphrases shorter than 12 characters", async () => {
    expect((await assessPassphrase("Tr0ub4dor&3")).problem).toBe("tooShort");
  });

  it("rejects a common password even when long enough", async () => {
    expect((await assessPassphrase("qwerty123456")).problem).toBe("common");
    expect((await assessPassphrase("1QAZ2WSX3EDC")).problem).toBe("common");
  });

  it("rejects easily guessed passphrases", async () => {
    expect((await assessPassphrase("aaaaaaaaaaaaaaaa")).problem).toBe("guessable");
  });

  it("rejects a passphrase built from the user's own details", async () => {
    expect((await assessPassphrase("nino.coordinator", ["nino.coordinator@demo.org", "Nino", "coordinator"])).problem).not.toBeNull();
  });

  it("accepts a long passphrase without composition rules", async () => {
    const result = await assessPassphrase("river otter lantern quietly");
    expect(result.problem).toBeNull();
    expect(result.score).toBeGreaterThanOrEqual(3);
  });

  it("accepts Cyrillic passphrases", async () => {
    expect((await assessPassphrase("тихий ветер над старой рекой")).problem).toBeNull();
  });

  it("rejects over 256 characters", async () => {
    expect((await assessPassphrase("x".repeat(257))).problem).toBe("tooLong");
  });
});
