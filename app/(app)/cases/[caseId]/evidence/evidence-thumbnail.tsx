"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { openThumbnail } from "@/lib/evidence/thumbnail-client";
import type { ThumbnailLoader } from "@/lib/evidence/thumbnail-loader";

type Kind = "image" | "pdf" | "video" | "audio" | "file";
const kindOf = (type: string): Kind => (type === "application/pdf" ? "pdf" : /^(image|video|audio)\//.test(type) ? (type.split("/")[0] as Kind) : "file");

/** A line icon per kind of file (decorative: the row names the file and its type). */
function TypeIcon({ type }: { type: string }) {
  const kind = kindOf(type);
  return (
    <svg viewBox="0 0 24 24" className="h-6 w-6 text-slate-400" fill="none" stroke="currentColor" strokeWidth={1.5} aria-hidden="true" data-testid="evidence-type-icon" data-kind={kind}>
      {kind === "image" && (
        <>
          <rect x="3" y="5" width="18" height="14" rx="2" />
          <circle cx="9" cy="10" r="1.5" />
          <path d="m21 16-5-5-8 8" />
        </>
      )}
      {kind === "video" && (
        <>
          <rect x="3" y="6" width="13" height="12" rx="2" />
          <path d="m16 10 5-3v10l-5-3" />
        </>
      )}
      {kind === "audio" && <path d="M9 18V6l10-2v12M9 18a2.5 2.5 0 1 1-2.5-2.5A2.5 2.5 0 0 1 9 18Zm10-2a2.5 2.5 0 1 1-2.5-2.5A2.5 2.5 0 0 1 19 16Z" />}
      {(kind === "pdf" || kind === "file") && (
        <>
          <path d="M6 3h8l4 4v14H6z" />
          <path d="M14 3v4h4" />
          {kind === "pdf" && <path d="M9 13h6M9 16h6" />}
        </>
      )}
    </svg>
  );
}

/**
 * The item's thumbnail (decrypted here once its row comes into view), at a
 * fixed 48 px square, or its type icon: for files without one, older
 * uploads, and any thumbnail that does not open as this item's, signed by
 * its uploader. The object URL lives as long as the row.
 */
export function EvidenceThumbnail({
  caseId,
  evidenceId,
  uploaderId,
  name,
  type,
  keyring,
  loader,
}: {
  caseId: string;
  evidenceId: string;
  uploaderId: string;
  name: string;
  type: string;
  keyring: CaseKeyring;
  loader: ThumbnailLoader;
}) {
  const t = useTranslations("evidence");
  const box = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  const [url, setUrl] = useState<string | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    // Fetched only near the screen: a long list costs what is looked at.
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setVisible(true);
        observer.disconnect();
      }
    }, { rootMargin: "200px" });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!visible) return;
    let live = true;
    let made: string | null = null;
    void (async () => {
      const thumbnail = await loader.get(evidenceId);
      if (!thumbnail || !live) return;
      const jpeg = await openThumbnail({ caseId, evidenceId, uploaderId, thumbnail, caseKey: keyring.get(thumbnail.epoch), authors: keyring.authorsAt(thumbnail.epoch) });
      if (!jpeg || !live) return;
      made = URL.createObjectURL(new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }));
      setUrl(made);
    })();
    return () => {
      live = false;
      if (made) {
        URL.revokeObjectURL(made);
        setUrl(null);
      }
    };
  }, [visible, loader, caseId, evidenceId, uploaderId, keyring]);

  return (
    <div ref={box} className="flex h-12 w-12 shrink-0 items-center justify-center overflow-hidden rounded border border-slate-200 bg-slate-50">
      {url ? (
        // A blob: URL of decrypted content: never through an image optimiser (next/image).
        // eslint-disable-next-line @next/next/no-img-element
        <img src={url} alt={t("thumbnailOf", { name })} width={48} height={48} decoding="async" className="h-full w-full object-cover" data-testid="evidence-thumbnail" />
      ) : (
        <TypeIcon type={type} />
      )}
    </div>
  );
}
