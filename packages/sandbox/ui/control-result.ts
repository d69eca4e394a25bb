/**
 * What the app's sandbox server actions answer (the adapter's actions in app/sandbox): data, or a
 * code and a message in words. Structural, so the UI needs nothing from the app.
 */
export type ControlResult<T> = { ok: true; data: T } | { ok: false; code: string; message: string; fields?: Record<string, string> };
