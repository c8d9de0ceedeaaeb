/** The time source; replaced in tests that need a fixed or moving clock. */
export interface IClock {
  now(): Date;
}
