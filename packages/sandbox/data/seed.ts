/** The seed every emulator's generated data starts from unless told otherwise (same seed, same banks). */
export const DEFAULT_SEED = 20261101;
