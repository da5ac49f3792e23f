/**
 * Steps of a computation that asks for pairs to be scored in batches: each yields pairs [i0, j0, …] and
 * takes back their scores, so that the caller may score them on other threads (nearGroupSteps,
 * assemblySteps). The computation reads the scores back in its own order, so its result does not depend
 * on who scored them.
 */
export type PairSteps<T> = Generator<Uint32Array, T, Float64Array>;

/** The steps' result, each batch scored by `score` on this thread. */
export function runSteps<T>(steps: PairSteps<T>, score: (pairs: Uint32Array) => Float64Array): T {
  let step = steps.next();
  while (step.done !== true) step = steps.next(score(step.value));
  return step.value;
}

/** The steps' result, each batch scored by `score` elsewhere. */
export async function runStepsAsync<T>(steps: PairSteps<T>, score: (pairs: Uint32Array) => Promise<Float64Array>): Promise<T> {
  let step = steps.next();
  while (step.done !== true) step = steps.next(await score(step.value));
  return step.value;
}
