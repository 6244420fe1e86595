"use client";

import { Button } from "./button";

/**
 * The closing buttons of a long form (a person's profile, a testimony): Cancel
 * when there is somewhere to go back to, then the submit button. Both are held
 * while the form is busy sealing and sending, so it is neither sent twice nor
 * left half way.
 */
export function CancelAndSubmit({
  submitLabel,
  cancelLabel,
  busy,
  onCancel,
}: {
  submitLabel: string;
  cancelLabel: string;
  busy: boolean;
  onCancel?: () => void;
}) {
  return (
    <>
      {onCancel && (
        <Button type="button" variant="secondary" onClick={onCancel} disabled={busy}>
          {cancelLabel}
        </Button>
      )}
      <Button type="submit" disabled={busy}>
        {submitLabel}
      </Button>
    </>
  );
}
