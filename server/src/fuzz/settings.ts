/**
 * Runs per procedure in procedures.fuzz.test.ts. The default keeps the file well under a minute on the
 * embedded database on two cores; raise it here for a deeper search (300 takes about three minutes).
 */
export const FUZZ_NUM_RUNS = 20;
