import type { Metadata } from "next";

// Where quick exit lands: nothing that names Casevault, nothing to go back to.
export const metadata: Metadata = { title: "New Tab" };

export default function NeutralPage() {
  return <div className="min-h-screen bg-white" />;
}
