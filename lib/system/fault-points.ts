import "server-only";

// Crash-safety test hooks (docs/operations.md, "Crash safety"). A fault point
// marks a place where a crash would be the worst: inside a transaction after
// its first write, or just after the commit before the answer. When, and only
// when, CASEVAULT_FAULT_POINT names the point, the process kills itself with
// SIGKILL there — no `finally`, no rollback of ours, no exit handler runs: the
// same as a power cut for the process (the operating system keeps what was
// written). e2e/crash-safety.spec.ts then restarts the app and checks that
// nothing is half-done. Unset (every deployment), a point is one comparison.
// The variable is read from the process environment on every call, never from
// a request: no visitor can reach it.

export const faultPointNames = [
  "testimony.save.in-tx",
  "testimony.save.after-commit",
  "case.create.in-tx",
  "case.create.after-commit",
  "member.remove.in-tx",
  "member.remove.after-commit",
  "reminders.tick.after-insert",
  "evidence.finalise.in-tx",
  "evidence.finalise.after-commit",
] as const;

export type FaultPointName = (typeof faultPointNames)[number];

/** Dies here (SIGKILL) if this is the point named by CASEVAULT_FAULT_POINT; otherwise does nothing. */
export function faultPoint(name: FaultPointName, kill: (pid: number, signal: NodeJS.Signals) => void = (pid, signal) => process.kill(pid, signal)): void {
  if (process.env.CASEVAULT_FAULT_POINT !== name) return;
  kill(process.pid, "SIGKILL");
}
