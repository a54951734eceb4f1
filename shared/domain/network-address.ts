/**
 * The network a per-address limit counts: an IPv4 address itself, an IPv6
 * address by its /64 prefix — every subscriber line is given a /64 and may
 * use any address in it, so counting whole addresses let one phone on a
 * mobile network (mostly IPv6 in China) send without limit — and an
 * IPv4-mapped IPv6 address (`::ffff:203.0.113.7`) as the IPv4 address it is.
 * Undefined for loopback: on one machine every caller has the same address,
 * and on AWS a request never comes from it.
 */
export function networkOf(sourceIp: string): string | undefined {
  const address = sourceIp.trim().toLowerCase().replace(/%.*$/, '');
  const mapped = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  const ipv4 = mapped ? mapped[1]! : /^\d{1,3}(?:\.\d{1,3}){3}$/.test(address) ? address : undefined;
  if (ipv4 !== undefined) return ipv4.startsWith('127.') ? undefined : ipv4;
  const groups = ipv6Groups(address);
  if (!groups) return address;
  if (groups.every((g, i) => (i < 7 ? g === 0 : g === 1))) return undefined;
  // IPv4-mapped, written in hex (::ffff:cb00:7107): the IPv4 address it is.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return networkOf([groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.'));
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  if (!/^[0-9a-f:]+$/.test(address) || address.split('::').length > 2) return undefined;
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const parse = (part: string | undefined) => (part ? part.split(':') : []);
  const front = parse(head);
  const back = parse(tail);
  const missing = 8 - front.length - back.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...front, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...back];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return all.map((g) => parseInt(g, 16));
}
