/**
 * How many items the long lists show a page (keyset pages, ./keyset.ts). What fits a screen or
 * two: every item a page renders costs every request, and a Book may see a thousand connections
 * and integrate thousands of accounts. The load script (bench/load/run.ts) checks the pages by them.
 */

/** User Connections: connection cards, each with its accounts (five or so rows). */
export const CONNECTIONS_PAGE_SIZE = 20;
/** Book Integrations: integration cards, each with its chart, verification and controls. */
export const INTEGRATIONS_PAGE_SIZE = 20;
