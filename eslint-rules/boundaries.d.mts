import type { Rule } from "eslint";

declare const plugin: {
  meta: { name: string };
  rules: Record<"no-sodium-outside-facade" | "crypto-only-in-client" | "db-only-in-data-layer", Rule.RuleModule>;
};
export default plugin;
