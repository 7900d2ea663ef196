/**
 * What a cart add cut short by a crash answers: the same problem as an add whose Kroger answer never
 * came (`kroger.outcome_unknown`, 502), because that is what it is, with what to check.
 */
export const INTERRUPTED_ERROR_CODE = 'cart.add_interrupted';

export const INTERRUPTED_LINE_NOTE =
  'This add was sent to Kroger, but the answer never came back (the service stopped or the connection broke). ' +
  'Open your Kroger cart page and check whether this item and quantity are there before adding it again.';

export const INTERRUPTED_ADD_ANSWER = {
  status: 502,
  body: {
    code: 'kroger.outcome_unknown',
    title: 'Outcome unknown',
    detail:
      'The service stopped while these items were being sent to Kroger, so whether they were added is unknown. ' +
      'They were not sent again. Check your Kroger cart page before adding them again.',
  },
};
