/**
 * Runs once when the server starts: a bad environment stops it here with one line per variable,
 * and the embedded database is opened (migrated, seeded) before the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/server-start");
    await startServer();
  }
}
