-- An RFC 3161 timestamp token over each evidence item's signed statement
-- (issue 13 point 5), set at finalise when TSA_URL gave one. It opens
-- nothing: the statement's signature is already stored beside it.
ALTER TABLE "Evidence" ADD COLUMN "timestamp" BYTEA;
