/**
 * Repeats a bounded step (one statement touching at most `batchSize` rows) until a short batch
 * says nothing is left, so a large backlog never holds many row locks or one long statement.
 * Returns how many rows all the steps touched.
 */
export async function inBatches(batchSize: number, step: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const touched = await step(batchSize);
    total += touched;
    if (touched < batchSize) return total;
  }
}
