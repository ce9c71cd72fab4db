/**
 * Runs per procedure in procedures.fuzz.test.ts. The default keeps the file well under a minute on the
 * embedded database on two cores; raise it here for a deeper search (300 takes about three minutes).
 */
export const FUZZ_NUM_RUNS = 20;

/**
 * The longest a single call may hold the event loop on the embedded database, where PGlite runs every
 * query on the main thread: past this, every other request waits behind it.
 */
export const EVENT_LOOP_BLOCK_LIMIT_MS = 200;

/** How often the event-loop delay histogram samples; a block shorter than this may go unseen. */
export const EVENT_LOOP_RESOLUTION_MS = 10;
