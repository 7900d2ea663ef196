/** The EventFanout the configuration picked (see events.module.ts). */
export const EVENT_FANOUT = Symbol('EVENT_FANOUT');
