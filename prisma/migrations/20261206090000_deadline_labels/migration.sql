-- What lists show of a deadline (title and zone) sealed apart from its
-- details, so the dashboard sends a small record instead of court, venue,
-- notes and outcome. Older deadlines have none until their next edit.
ALTER TABLE "Deadline" ADD COLUMN "labelId" UUID;
ALTER TABLE "Deadline" ADD COLUMN "labelVersion" INTEGER;
