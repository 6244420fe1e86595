// next-auth hands the browser only a string for a refused credentials
// sign-in (signIn()'s `error`, and the `error` in the answer's URL), so a
// failure travels as "code" or "code:seconds". This module is the one place
// that writes and reads that string (server: lib/auth/next-auth.ts and the
// Retry-After header; browser: lib/account/sign-in-client.ts). Anything it
// does not recognise reads as "unavailable", never as a success or a wait.

export type SignInFailureCode = "invalid" | "backoff" | "throttled" | "busy" | "unavailable";
export type SignInFailure = { code: SignInFailureCode; retryAfterSeconds?: number };

const WAITS: readonly SignInFailureCode[] = ["backoff", "throttled", "busy"];
const wirePattern = /^(invalid|backoff|throttled|busy|unavailable)(?::(\d{1,6}))?$/;

/** Whether the user is asked to wait before trying again. */
export function isWait(code: SignInFailureCode): boolean {
  return WAITS.includes(code);
}

export function encodeSignInFailure(failure: SignInFailure): string {
  const seconds = failure.retryAfterSeconds;
  return isWait(failure.code) && seconds !== undefined && seconds > 0 ? `${failure.code}:${Math.ceil(seconds)}` : failure.code;
}

/** The failure a string names; a wait carries its seconds only when the string gave them. */
export function decodeSignInFailure(text: string | null | undefined): SignInFailure {
  const match = wirePattern.exec(text ?? "");
  if (!match) return { code: "unavailable" };
  const code = match[1] as SignInFailureCode;
  return isWait(code) && match[2] !== undefined ? { code, retryAfterSeconds: Number(match[2]) } : { code };
}
