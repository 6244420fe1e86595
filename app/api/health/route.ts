import { NextResponse } from "next/server";
import { authorize } from "@/lib/auth/policy";
import { checkDatabase } from "@/lib/system/queries";

export const dynamic = "force-dynamic";

// For load balancers and the test runner: 200 once the database is open and
// migrated. Says nothing about the deployment beyond "ok".
export async function GET() {
  authorize(null, "system.health");
  try {
    await checkDatabase();
    return NextResponse.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return NextResponse.json({ status: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
