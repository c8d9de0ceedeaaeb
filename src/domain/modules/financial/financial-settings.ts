/** What the financial module needs from configuration. */
export interface FinancialSettings {
  /** ISO 4217 codes accounts and movements may use (SUPPORTED_CURRENCIES). */
  supportedCurrencies: readonly string[];
  /**
   * How long an attempt holds an idempotency key before a retry may take it over (the attempt
   * is presumed dead). The running attempt renews it every third of it, so it need not cover
   * the slowest request, only a few missed renewals.
   */
  idempotencyLeaseMs: number;
}
