/**
 * The arithmetic of fair shares, kept pure so it can be read and tested on its own. Amounts are
 * upstream calls; shares are basis points (500 = 5%).
 */

export const BASIS_POINTS = 10_000;

/** What callers may spend of an endpoint's daily limit: reads leave the reserve untouched. */
export function spendableBudget(limit: number, reserveBp: number, write: boolean): number {
  return write ? limit : limit - Math.floor((limit * reserveBp) / BASIS_POINTS);
}

/**
 * The calls a subject may have made in its window: its share of what everyone else left of the
 * budget. As the others spend, what a subject may still take shrinks; no subject ever takes more
 * than its share of the whole budget.
 */
export function allowance(input: { budget: number; appUsed: number; own: number; shareBp: number }): number {
  const others = Math.max(0, input.appUsed - input.own);
  return Math.floor((input.shareBp * Math.max(0, input.budget - others)) / BASIS_POINTS);
}

/**
 * Seconds until a refused subject may call again: the end of its own window when a fresh window
 * would allow a call, else (the others have spent the budget) the end of Kroger's window as well.
 */
export function retryAfterSeconds(input: {
  now: number;
  subjectWindowEnd: number;
  appWindowEnd: number | undefined;
  freshAllowance: number;
}): number {
  const until =
    input.freshAllowance >= 1
      ? input.subjectWindowEnd
      : Math.max(input.subjectWindowEnd, input.appWindowEnd ?? input.subjectWindowEnd);
  return Math.max(1, Math.ceil((until - input.now) / 1000));
}

/** "3 h 12 min", "14 min", "40 s": how long, for people and for language models. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
