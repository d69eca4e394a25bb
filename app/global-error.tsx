"use client";

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "4rem", textAlign: "center" }}>
        <h1>Bank Connections could not start this page</h1>
        <p>Please reload. If it keeps happening, the server log has the details{error.digest ? ` (ref ${error.digest})` : ""}.</p>
      </body>
    </html>
  );
}
