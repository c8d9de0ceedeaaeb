/**
 * Decides whether a URL may receive deliveries (SSRF): in production only https, and only hosts
 * whose every address is public. Checked at registration and again, on the resolved addresses, at
 * each delivery (a name may point elsewhere by then).
 */
export interface IWebhookTargetGuard {
  /** Throws WebhookUrlRefusedError with the reason. */
  assertAllowed(url: string): Promise<void>;
}
