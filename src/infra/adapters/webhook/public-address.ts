import ipaddr from 'ipaddr.js';

// Global unicast IPv6 (RFC 4291): anything outside it (IPv4-compatible, NAT64, site-local, …) is
// not a host on the public internet, whatever ipaddr.js calls its range.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Whether an IP address (v4 or v6 text) is a public unicast one. Refused: private (10/8,
 * 172.16/12, 192.168/16), loopback, link-local (169.254/16, fe80::/10), unique-local (fc00::/7),
 * CGNAT (100.64/10), multicast, broadcast, unspecified (0.0.0.0, ::) and reserved ranges, 6to4 and
 * Teredo tunnels (they embed an IPv4 address); an IPv4-mapped IPv6 address is judged as its IPv4.
 * The ranges are ipaddr.js's: only what it calls `unicast` passes.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() turns ::ffff:127.0.0.1 into 127.0.0.1, so a mapped address cannot hide a private one.
  const parsed = ipaddr.process(address);
  if (parsed.range() !== 'unicast') return false;
  return parsed.kind() === 'ipv4' || (parsed as ipaddr.IPv6).match(GLOBAL_UNICAST_V6);
}

/** The address a URL host names directly (`[::1]` → `::1`), or null for a host name. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (ipaddr.IPv6.isValid(bare) || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : null;
}
