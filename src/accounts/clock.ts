/** The source of the current time, injectable so that tests can move it forward. */
export type Clock = () => Date;

/** The real time of the machine. */
export const systemClock: Clock = () => new Date();
