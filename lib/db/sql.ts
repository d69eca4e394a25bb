/** The smallest SQL surface shared by PGlite and node-postgres, used by migrations and tests. */
export interface SqlExecutor {
  /** Parameterised single statement. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Parameterless, possibly multi-statement SQL. */
  exec(sql: string): Promise<void>;
}
