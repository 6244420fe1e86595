/**
 * The upload's progress meter on a clock the test moves: speed over this
 * run's acknowledged bytes, smoothed; time left from it; "done" is 0 s left.
 */
import { describe, expect, it } from "vitest";
import { ProgressMeter, type UploadProgress } from "./upload-progress";

function meter(bytesTotal: number) {
  let now = 0;
  const seen: UploadProgress[] = [];
  const m = new ProgressMeter({ bytesTotal, now: () => now, onProgress: (p) => seen.push(p) });
  return { m, seen, at: (ms: number) => (now = ms) };
}

describe("ProgressMeter", () => {
  it("measures the speed from the bytes acknowledged since the window opened, and estimates the time left from it", () => {
    const { m, at } = meter(5000);
    expect(m.current).toMatchObject({ phase: "preparing", bytesUploaded: 0, speed: 0, secondsLeft: null });
    m.restartWindow();
    at(1000);
    m.uploaded(1000);
    expect(m.current).toMatchObject({ bytesUploaded: 1000, speed: 1000, secondsLeft: 4 });
    at(2000);
    m.uploaded(3000);
    // Window: 4000 bytes over 2 s = 2000/s, smoothed with the last figure: 0.7 × 1000 + 0.3 × 2000.
    expect(m.current.speed).toBeCloseTo(1300);
    expect(m.current.secondsLeft).toBe(1);
  });

  it("parts stored by an earlier attempt count as uploaded, never as speed", () => {
    const { m, at } = meter(8000);
    m.restartWindow();
    m.emit({ phase: "uploading", bytesUploaded: 6000 });
    expect(m.current).toMatchObject({ bytesUploaded: 6000, speed: 0, secondsLeft: null });
    at(2000);
    m.uploaded(1000);
    expect(m.current).toMatchObject({ bytesUploaded: 7000, speed: 500, secondsLeft: 2 });
  });

  it("keeps the last speed for an acknowledgement right after the window opened", () => {
    const { m, at } = meter(10_000);
    m.restartWindow();
    at(1000);
    m.uploaded(1000);
    m.restartWindow();
    at(1010);
    m.uploaded(5000);
    expect(m.current.speed).toBe(1000);
  });

  it("reports 0 s left when done, whatever the speed; each report is a copy", () => {
    const { m, seen } = meter(100);
    m.emit({ phase: "done", bytesUploaded: 100 });
    expect(m.current).toMatchObject({ phase: "done", speed: 0, secondsLeft: 0 });
    seen[0]!.bytesUploaded = -1;
    expect(m.current.bytesUploaded).toBe(100);
    const copy = m.current;
    copy.phase = "reading";
    expect(m.current.phase).toBe("done");
  });
});
