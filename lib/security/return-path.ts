// A path on this site to send a person back to, from a query parameter.
// Anything that could leave the site (`//host`, `/\host`, a scheme) or carry
// control characters becomes "/": the parameter must not make an open redirect.

const MAX = 512;

export function safeReturnPath(value: string | null | undefined): string {
  if (!value || value.length > MAX) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return "/";
  return value;
}
