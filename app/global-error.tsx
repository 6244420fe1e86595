"use client";

// Last resort when the root layout itself fails: no providers, no catalogue,
// so the text is given in both languages.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "4rem 1rem", textAlign: "center", color: "#0f172a" }}>
        <h1 style={{ fontSize: "1.125rem" }}>Something went wrong · Что-то пошло не так</h1>
        {error.digest && <p style={{ fontSize: "0.75rem", color: "#64748b" }}>{error.digest}</p>}
        <button type="button" onClick={reset}>
          Try again · Повторить
        </button>
      </body>
    </html>
  );
}
