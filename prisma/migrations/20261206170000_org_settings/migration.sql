-- The organisation's settings (issue 14): session length, reminder days,
-- reminder mail and default language. The defaults are the behaviour before
-- these settings existed, so an organisation that never opens the page sees
-- no change: 12-hour sessions, reminders 14, 7, 3 and 1 days ahead and at the
-- due time, reminder mail on, and each browser's own language.
ALTER TABLE "Organisation" ADD COLUMN "sessionHours" INTEGER NOT NULL DEFAULT 12;
ALTER TABLE "Organisation" ADD COLUMN "reminderDays" INTEGER[] NOT NULL DEFAULT ARRAY[14, 7, 3, 1, 0]::INTEGER[];
ALTER TABLE "Organisation" ADD COLUMN "reminderMail" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Organisation" ADD COLUMN "defaultLocale" TEXT;
