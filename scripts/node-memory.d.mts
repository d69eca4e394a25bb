/** scripts/node-memory.mjs: the portal process's memory tuning (MALLOC_ARENA_MAX, the embedded default's young generation). */
export function portalMemoryEnv(env?: NodeJS.ProcessEnv, options?: { embedded?: boolean }): NodeJS.ProcessEnv;
