import { describe, expect, it } from "vitest";
import { decodeSignInFailure, encodeSignInFailure } from "./sign-in-failure";

describe("the sign-in failure string", () => {
  it("carries a wait's seconds there and back, and none for a wrong passphrase", () => {
    expect(encodeSignInFailure({ code: "throttled", retryAfterSeconds: 40 })).toBe("throttled:40");
    expect(decodeSignInFailure("throttled:40")).toEqual({ code: "throttled", retryAfterSeconds: 40 });
    expect(encodeSignInFailure({ code: "backoff", retryAfterSeconds: 7.2 })).toBe("backoff:8");
    expect(encodeSignInFailure({ code: "invalid", retryAfterSeconds: 9 })).toBe("invalid");
    expect(decodeSignInFailure("invalid")).toEqual({ code: "invalid" });
    expect(decodeSignInFailure("busy")).toEqual({ code: "busy" });
  });

  it("reads anything it does not recognise as 'unavailable', never as a wait or a success", () => {
    for (const text of [null, undefined, "", "CredentialsSignin", "busy:", "busy:x", "busy:1234567", "invalid:3:4", " invalid", "ok"]) {
      expect(decodeSignInFailure(text), String(text)).toEqual({ code: "unavailable" });
    }
    expect(decodeSignInFailure("invalid:5")).toEqual({ code: "invalid" });
  });
});
