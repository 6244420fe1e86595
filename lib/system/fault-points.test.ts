import { afterEach, describe, expect, it, vi } from "vitest";
import { faultPoint, faultPointNames } from "./fault-points";

// The crash-safety hooks must be inert in every deployment: only the exact
// name in CASEVAULT_FAULT_POINT fires, and only that one point.

const saved = process.env.CASEVAULT_FAULT_POINT;
afterEach(() => {
  if (saved === undefined) delete process.env.CASEVAULT_FAULT_POINT;
  else process.env.CASEVAULT_FAULT_POINT = saved;
});

describe("faultPoint", () => {
  it("does nothing at any point when CASEVAULT_FAULT_POINT is unset or empty", () => {
    const kill = vi.fn();
    for (const value of [undefined, ""]) {
      if (value === undefined) delete process.env.CASEVAULT_FAULT_POINT;
      else process.env.CASEVAULT_FAULT_POINT = value;
      for (const name of faultPointNames) faultPoint(name, kill);
    }
    expect(kill).not.toHaveBeenCalled();
  });

  it("with the default killer and no variable, the process lives on", () => {
    delete process.env.CASEVAULT_FAULT_POINT;
    const real = vi.spyOn(process, "kill");
    for (const name of faultPointNames) faultPoint(name);
    expect(real).not.toHaveBeenCalled();
    real.mockRestore();
  });

  it("fires SIGKILL on this process at exactly the named point, not at others or near-misses", () => {
    const kill = vi.fn();
    process.env.CASEVAULT_FAULT_POINT = "case.create.in-tx";
    for (const name of faultPointNames) faultPoint(name, kill);
    expect(kill).toHaveBeenCalledTimes(1);
    expect(kill).toHaveBeenCalledWith(process.pid, "SIGKILL");

    kill.mockClear();
    for (const nearMiss of ["CASE.CREATE.IN-TX", "case.create.in-tx ", "case.create", "*"]) {
      process.env.CASEVAULT_FAULT_POINT = nearMiss;
      for (const name of faultPointNames) faultPoint(name, kill);
    }
    expect(kill).not.toHaveBeenCalled();
  });

  it("the default killer sends SIGKILL to this very process", () => {
    process.env.CASEVAULT_FAULT_POINT = "reminders.tick.after-insert";
    const real = vi.spyOn(process, "kill").mockImplementation(() => true);
    faultPoint("reminders.tick.after-insert");
    expect(real).toHaveBeenCalledWith(process.pid, "SIGKILL");
    real.mockRestore();
  });
});
