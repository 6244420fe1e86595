// The address a person types to reach the app, for scripts that print it
// (the demo seed). Same rule as scripts/start.mjs: NEXTAUTH_URL when set,
// otherwise http://localhost:<PORT> with the port `npm start` serves on.

type UrlEnv = { NEXTAUTH_URL?: string; PORT?: string };

export function appUrl(env: UrlEnv = process.env): string {
  const configured = env.NEXTAUTH_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  const port = env.PORT?.trim() || "3000";
  return `http://localhost:${port}`;
}
