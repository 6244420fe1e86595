-- Hand-written (docs/operations.md, "The audit log"): the audit chain becomes
-- keyed, hash = HMAC-SHA-256(audit key, prevHash ‖ event), with a key the
-- database never holds. Events chained by the old unkeyed SHA-256 cannot be
-- re-chained here (the key is not in the database) and no real deployment
-- exists yet, so they are removed: the log starts again at #1 under the key.
ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_truncate";
TRUNCATE "AuditEvent";
ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_no_truncate";

-- Nobody but the owner may change or remove audit rows, whatever default
-- privileges gave them (docs/operations.md, "Database roles"): the runtime
-- role keeps SELECT and INSERT only. Only the owner can disable the trigger.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT DISTINCT a.grantee
        FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
        WHERE c.oid = '"AuditEvent"'::regclass
          AND a.grantee <> c.relowner
          AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES')
    LOOP
        EXECUTE format(
            'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON "AuditEvent" FROM %s',
            CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r.grantee)) END
        );
    END LOOP;
END
$$;
