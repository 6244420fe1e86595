-- Read events wait here, written with a plain INSERT (no lock, no chain work
-- in the request), until the sealer chains them into "AuditEvent" in id
-- order and deletes them (lib/audit/actions/sealer.ts). The runtime role needs
-- INSERT, SELECT and DELETE on it: the default privileges give them.
CREATE TABLE "AuditInbox" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "action" TEXT NOT NULL,
    "caseId" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditInbox_pkey" PRIMARY KEY ("id")
);
