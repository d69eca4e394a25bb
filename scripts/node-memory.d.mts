/** scripts/node-memory.mjs: the portal process's memory tuning (MALLOC_ARENA_MAX, the embedded default's young generation). */
export function portalMemoryEnv<E extends Record<string, string | undefined>>(env?: E, options?: { embedded?: boolean }): E & { MALLOC_ARENA_MAX: string; NODE_OPTIONS?: string };
