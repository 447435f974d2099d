/** The database's own refusal of a statement (drizzle wraps it as the cause of a "Failed query" error). */
export async function dbFailure(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: { message?: string; cause?: { message?: string } }) => String(e.cause?.message ?? e.message),
  );
}
