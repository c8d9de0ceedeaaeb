import { BlockList, isIP } from 'node:net';

// Loopback traffic never leaves the machine, so plain http to it exposes nothing on the network.
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * True when `url` is plain http to a host other than this machine (127.0.0.0/8, ::1, localhost).
 * The host is read the way an HTTP client reads it (WHATWG URL), so "localhost@evil.example"
 * or "127.0.0.1.evil.example" are what they are: remote. Not a URL at all: false (another rule
 * reports it).
 */
export function isPlainHttpOffLoopback(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:') return false;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost') return false;
  const family = isIP(host);
  // BlockList also matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against the IPv4 subnet.
  return family === 0 || !LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}
