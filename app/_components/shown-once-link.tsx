"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/app/_components/form/button";

/**
 * A secret link shown once (an invitation, a calendar feed): the server keeps
 * only a hash of its token, so this is the one moment it can be copied. The
 * field selects itself on focus; the button copies it. "Copied" names the
 * link that was copied, so a new link starts un-copied
 * (e2e/identity.spec.ts copies three in a row).
 */
export function ShownOnceLink({
  link,
  testId,
  labels,
  before,
  after,
}: {
  link: string;
  testId: string;
  labels: { field: string; copy: string; copied: string };
  before?: ReactNode;
  after: ReactNode;
}) {
  const [copiedLink, setCopiedLink] = useState<string | null>(null);
  const copied = copiedLink === link;
  return (
    <div role="status" className="space-y-2 rounded border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-950">
      {before}
      <div className="flex items-center gap-2">
        <input
          readOnly
          aria-label={labels.field}
          value={link}
          data-testid={testId}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded border border-emerald-300 bg-white px-2 py-1 font-mono text-xs text-slate-900"
        />
        <Button type="button" variant="secondary" onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopiedLink(link), () => setCopiedLink(null))}>
          {copied ? labels.copied : labels.copy}
        </Button>
      </div>
      <p className="text-xs">{after}</p>
    </div>
  );
}
