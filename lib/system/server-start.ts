import "server-only";
import http from "node:http";
import path from "node:path";
import { assertKeyMatchesChain } from "@/lib/audit/actions";
import { startAuditSealer } from "@/lib/audit/actions/sealer";
import { startAuditCheckpointer } from "@/lib/audit/checkpointer";
import { writeLocalVerifyEndpoint } from "@/lib/audit/local-verify";
import { hasAnyUser } from "@/lib/account/actions";
import { prepareSetupToken } from "@/lib/account/setup-token";
import { checkDatabase } from "./queries";
import { env } from "@/lib/env";
import { cleanUpStaleUploads } from "@/lib/evidence/actions/cleanup";
import { runReminderTick } from "@/lib/notifications/actions";
import { startReminderScheduler } from "@/lib/notifications/scheduler";
import { installPeerAddressHeader } from "@/lib/security/client-address";
import { installEarlyBodyCheck } from "@/lib/security/early-body-check";

// What the app server does once at start (from instrumentation.ts): open and
// migrate the database, check the audit key, prepare the set-up token on an
// empty one, then start the audit checkpointer and the periodic tick.

export async function startServer(): Promise<void> {
  // Before any request is served: the per-address sign-in limit needs the TCP
  // peer; oversize bodies are refused before Next buffers them.
  installPeerAddressHeader(http.Server.prototype);
  installEarlyBodyCheck();
  try {
    await checkDatabase();
  } catch (error) {
    // A server that cannot open its database would answer every page with 500:
    // stop instead, saying why (the message names the folder or host, no data).
    console.error(`[casevault] cannot open the database: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  // The audit log: refuse to append with a key the log was not written with,
  // let `npm run audit:verify` reach this process, write signed checkpoints.
  await assertKeyMatchesChain();
  writeLocalVerifyEndpoint(path.resolve(env().DATA_DIR), Number(process.env.PORT ?? 3000));
  startAuditCheckpointer();
  // Reads wait in the audit inbox until this chains them (every instance runs one).
  startAuditSealer();
  // First run: the token /setup asks for, printed here and kept in DATA_DIR/setup-token.
  prepareSetupToken(!(await hasAnyUser()));
  // Any number of instances may run the tick: the database makes each reminder exist once.
  const seconds = env().REMINDER_INTERVAL_SECONDS;
  if (seconds > 0) {
    startReminderScheduler({
      intervalMs: seconds * 1000,
      tick: async (now) => {
        await cleanUpStaleUploads(now);
        return runReminderTick(now);
      },
    });
  }
}
