/** What the financial module needs from configuration. */
export interface FinancialSettings {
  /** ISO 4217 codes accounts and movements may use (SUPPORTED_CURRENCIES). */
  supportedCurrencies: readonly string[];
  /**
   * How long an attempt holds an idempotency key before a retry may take it over (the attempt
   * is presumed dead). Longer than the slowest request, gateway retries included.
   */
  idempotencyLeaseMs: number;
}
