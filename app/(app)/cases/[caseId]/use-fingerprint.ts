"use client";

import { useEffect, useState } from "react";
import type { MemberKeys } from "@/lib/cases/schema";
import { fromBase64url } from "@/lib/crypto/encoding";
import { fingerprint } from "@/lib/crypto/fingerprint";

/** A teammate's key fingerprint, computed here from the public keys the server sent, to compare in person. */
export function useFingerprint(member: Pick<MemberKeys, "boxPublicKey" | "signPublicKey"> | null): string | null {
  const [value, setValue] = useState<{ of: string; text: string } | null>(null);
  const id = member ? `${member.boxPublicKey}.${member.signPublicKey}` : null;
  useEffect(() => {
    if (!member || !id) return;
    let live = true;
    void fingerprint({ x25519: fromBase64url(member.boxPublicKey), ed25519: fromBase64url(member.signPublicKey) }).then(
      (text) => live && setValue({ of: id, text }),
      () => live && setValue({ of: id, text: "—" }),
    );
    return () => {
      live = false;
    };
  }, [member, id]);
  return value && value.of === id ? value.text : null;
}
