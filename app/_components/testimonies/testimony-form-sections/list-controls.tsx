"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { ConfirmDialog } from "../../confirm-dialog";
import { Button } from "../../form/button";

/**
 * "Remove" for one list item, named for screen readers ("Remove incident 2").
 * An item with something typed in it asks first; an empty one goes at once.
 */
export function RemoveItemButton({
  label,
  itemName,
  hasContent,
  onRemove,
}: {
  /** The accessible name, e.g. "Remove incident 2"; it starts with the visible "Remove". */
  label: string;
  /** e.g. "Incident 2", for the confirmation. */
  itemName: string;
  /** Read when clicked, so typing never pays for it. */
  hasContent: () => boolean;
  onRemove: () => void;
}) {
  const t = useTranslations("testimony");
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button type="button" variant="quiet" aria-label={label} onClick={() => (hasContent() ? setAsking(true) : onRemove())}>
        {t("remove.label")}
      </Button>
      <ConfirmDialog
        open={asking}
        title={t("remove.confirmTitle", { item: itemName })}
        body={t("remove.confirmBody")}
        confirmLabel={t("remove.label")}
        cancelLabel={t("form.cancel")}
        onClose={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          onRemove();
        }}
      />
    </>
  );
}

/**
 * The list's "Add…" button, and where focus goes when an item is removed (the
 * removed item's own button is gone): back to this button.
 */
export function useAddButton() {
  const ref = useRef<HTMLButtonElement>(null);
  // After the dialog (if any) has closed and given focus back.
  const focusAdd = () => window.setTimeout(() => ref.current?.focus(), 0);
  return { ref, focusAdd };
}

export function AddItemButton({
  addRef,
  children,
  label,
  onAdd,
}: {
  addRef: React.Ref<HTMLButtonElement>;
  children: React.ReactNode;
  /** A more specific accessible name ("Add perpetrator to incident 2"); it must start with the visible text. */
  label?: string;
  onAdd: () => void;
}) {
  return (
    <Button ref={addRef} type="button" variant="secondary" aria-label={label} onClick={onAdd}>
      {children}
    </Button>
  );
}
