/** Sandbox time: real time plus an offset the control surface can move forward. */
export interface Clock {
  now(): number;
}

export class SandboxClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock = { now: () => Date.now() }) {}

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
