import { z } from "zod";

/** The plaintext of a "review_note" record: which item it is about, and what the reviewer wrote. */
export const reviewNoteSchema = z.object({
  evidenceId: z.uuid(),
  note: z.string().trim().max(10_000, "text.tooLong"),
});
export type ReviewNote = z.infer<typeof reviewNoteSchema>;
