"use client";

import { Dialog, DialogPanel, DialogTitle, Description } from "@headlessui/react";
import { Button } from "./form/button";

/** Asks before an action that cannot be undone. Focus is trapped; Escape cancels. */
export function ConfirmDialog({
  open,
  title,
  body,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  /** Anything to show below the text (e.g. a safety number to compare). */
  children?: React.ReactNode;
}) {
  return (
    <Dialog open={open} onClose={onClose} className="relative z-40">
      <div className="fixed inset-0 bg-slate-900/30" aria-hidden="true" />
      {/* Scrolls when taller than the screen (two safety numbers with QR codes on a phone). */}
      <div className="fixed inset-0 overflow-y-auto">
        <div className="flex min-h-full items-center justify-center p-4">
          <DialogPanel className="w-full max-w-md rounded-lg bg-white p-5 shadow-xl">
            <DialogTitle className="text-base font-semibold text-slate-900">{title}</DialogTitle>
            <Description className="mt-2 text-sm text-slate-600">{body}</Description>
            {children}
            <div className="mt-5 flex justify-end gap-2">
              <Button variant="secondary" onClick={onClose}>
                {cancelLabel}
              </Button>
              <Button variant="danger" onClick={onConfirm}>
                {confirmLabel}
              </Button>
            </div>
          </DialogPanel>
        </div>
      </div>
    </Dialog>
  );
}
