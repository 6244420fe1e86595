import "server-only";
import { z } from "zod";
import { decodeAuditKey } from "@/lib/audit/key-format";

// Configuration is read once and validated. A bad value stops the process
// with a message naming the variable, never a half-configured server.

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL");

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** A PostgreSQL server. Unset: the embedded PGlite database under DATA_DIR. */
    DATABASE_URL: postgresUrl.optional(),
    /**
     * The schema owner's URL, for migrations only (at start and db:deploy);
     * DATABASE_URL is then a runtime role without UPDATE/DELETE on the audit
     * log. Unset: DATABASE_URL runs the migrations too.
     */
    DATABASE_OWNER_URL: postgresUrl.optional(),
    /** Where the embedded database and its generated secret live. */
    DATA_DIR: z.string().min(1).default("./data"),
    /** Signs next-auth session tokens. scripts/start.mjs generates one for the embedded database. */
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /** The first-run set-up token (several instances, or a DATA_DIR the operator cannot read). Unset: generated into DATA_DIR/setup-token. */
    SETUP_TOKEN: z.string().trim().min(20, "must be at least 20 characters").optional(),
    /** The public URL; an https:// URL turns on Secure/__Host- cookies and HSTS. */
    NEXTAUTH_URL: z.url().optional(),
    /** Reverse proxies in front of the app that append to X-Forwarded-For. 0: the header is not trusted. */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Argon2id hashes (19 MiB each) this process runs at once; more wait briefly, then get "busy". */
    ARGON2_MAX_CONCURRENT: z.coerce.number().int().min(1).max(64).default(2),
    /** Outgoing mail, e.g. smtps://user:pass@mail.example.org:465. Unset: no mail; admins copy links. */
    SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
    MAIL_FROM: z.string().min(3).default("Casevault <no-reply@localhost>"),
    /** "1" turns on the benchmark-only routes (npm run bench:upload). Never in a deployment. */
    BENCH_ROUTES: z.enum(["0", "1"]).default("0"),
    /** How often this instance runs the deadline reminder tick. 0: never (e.g. run scripts/reminders-tick.ts from cron). */
    REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
    /** The largest evidence file accepted, in ciphertext bytes (default 2 GiB). */
    EVIDENCE_MAX_BYTES: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(2 * 1024 ** 3),
    /** Unfinished uploads untouched for this many hours are removed (npm run evidence:cleanup). */
    UPLOAD_STALE_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(48),
    /**
     * The audit key (32 bytes, base64): keys the audit chain and signs its
     * checkpoints; never stored in the database. Unset: DATA_DIR/audit-key,
     * generated at first start. Several instances must share one (set it here).
     */
    AUDIT_KEY: z
      .string()
      .refine((v) => decodeAuditKey(v) !== null, "must be 32 random bytes in base64 (openssl rand -base64 32)")
      .optional(),
    /** A signed audit checkpoint is written after this many new events, or AUDIT_CHECKPOINT_MINUTES, whichever comes first. */
    AUDIT_CHECKPOINT_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
    /**
     * Where encrypted evidence parts are stored: files under DATA_DIR/blobs
     * ("fs", one server), an S3-compatible object store ("s3", several app
     * instances) or the database itself ("postgres", small deployments that
     * want one backup). `npm run blobs:migrate` moves parts between them.
     */
    BLOB_STORE: z.enum(["fs", "postgres", "s3"]).default("fs"),
    /**
     * An RFC 3161 time-stamping authority (e.g. https://freetsa.org/tsr). Set:
     * each evidence statement is stamped at upload (best effort) and each
     * bundle manifest at export (required); only a SHA-256 is sent. Unset: no timestamps.
     */
    TSA_URL: z.url().refine((u) => /^https?:\/\//.test(u), "must be an http:// or https:// URL").optional(),
    /** The S3-compatible store (BLOB_STORE=s3). Endpoint unset: AWS S3 itself. */
    S3_ENDPOINT: z.url().optional(),
    S3_REGION: z.string().min(1).optional(),
    S3_BUCKET: z.string().min(3).max(255).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** "true" for stores that need https://endpoint/bucket/key URLs (MinIO, most self-hosted stores). */
    S3_FORCE_PATH_STYLE: z
      .enum(["true", "false", "1", "0"], "must be true or false")
      .transform((v) => v === "true" || v === "1")
      .default(false),
  })
  .superRefine((env, ctx) => {
    if (env.BLOB_STORE === "s3") {
      for (const key of ["S3_REGION", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when BLOB_STORE=s3" });
      }
    }
    // A server deployment (PostgreSQL) must be given its secret explicitly:
    // a generated one would differ between instances and vanish with the disk.
    if (env.NODE_ENV === "production" && env.DATABASE_URL && !env.NEXTAUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message: "is required in production when DATABASE_URL is set",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override readonly name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset, as in most shells' `VAR=` idiom.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** True when the app uses a secure origin: cookies get __Host-/Secure, HSTS is sent. */
export function isSecureOrigin(e: Env = env()): boolean {
  return e.NODE_ENV === "production" && (e.NEXTAUTH_URL?.startsWith("https://") ?? false);
}
