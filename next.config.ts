import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { staticSecurityHeaders } from "./lib/security/headers";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded from node_modules at run time, not bundled: PGlite reads its wasm
  // and data files next to its own module.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg"],
  // Type-checking is its own step (`npm run typecheck`, run by CI before the
  // tests); repeating it inside every build only slows `npm start`.
  typescript: { ignoreBuildErrors: true },
  // A testimony version is sealed whole (a narrative may run to megabytes);
  // lib/cases/schema.ts caps each record type's size itself.
  experimental: { serverActions: { bodySizeLimit: "10mb" } },
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders(process.env.NODE_ENV === "production") }];
  },
};

export default withNextIntl(nextConfig);
