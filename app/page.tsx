import { redirect } from "next/navigation";

// Until a session exists, the start page is the sign-in page.
export default function HomePage() {
  redirect("/sign-in");
}
