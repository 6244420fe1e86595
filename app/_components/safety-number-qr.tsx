"use client";

import QRCode from "qrcode";
import { useEffect, useMemo, useState } from "react";
import { isCryptoError } from "@/lib/crypto/errors";
import { safetyNumberPayload } from "@/lib/crypto/safety-number-payload";

// Whole CSS pixels per module and the standard four-module white margin: the
// code stays sharp on screen, in a screenshot and through a phone camera.
const MODULE_PX = 3;
const QUIET_MODULES = 4;
const LEVEL = "M";

function payloadOf(userId: string, number: string | null): string | null {
  if (number === null) return null;
  try {
    return safetyNumberPayload(userId, number);
  } catch (error) {
    // The number could not be computed ("—"): no code rather than a wrong one.
    if (isCryptoError(error, "invalid_input")) return null;
    throw error;
  }
}

/**
 * The safety number as a QR code (payload: lib/crypto/safety-number-payload.ts),
 * drawn in the browser as a data: URL image (the CSP allows img-src data:).
 * `label` is its accessible name: whose number it is.
 */
export function SafetyNumberQr({ userId, number, label, testId }: { userId: string; number: string | null; label: string; testId: string }) {
  const payload = payloadOf(userId, number);
  const side = useMemo(() => (payload ? (QRCode.create(payload, { errorCorrectionLevel: LEVEL }).modules.size + 2 * QUIET_MODULES) * MODULE_PX : 0), [payload]);
  const [image, setImage] = useState<{ of: string; src: string } | null>(null);
  useEffect(() => {
    if (!payload) return;
    let live = true;
    // Drawn at the screen's pixel ratio, shown at `side` CSS pixels: sharp on a phone too.
    const ratio = Math.max(1, Math.round(window.devicePixelRatio || 1));
    void QRCode.toDataURL(payload, { errorCorrectionLevel: LEVEL, margin: QUIET_MODULES, scale: MODULE_PX * ratio }).then((src) => live && setImage({ of: payload, src }));
    return () => {
      live = false;
    };
  }, [payload]);
  if (!payload) return null;
  const src = image?.of === payload ? image.src : null;
  return (
    <div className="shrink-0 rounded border border-slate-200 bg-white" style={{ width: side + 2, height: side + 2 }}>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made in the browser; next/image adds nothing here */}
      {src && <img src={src} alt={label} width={side} height={side} data-testid={testId} className="block" />}
    </div>
  );
}
