import { describe, expect, it } from 'vitest';
import { networkOf } from '../../shared/domain/network-address.js';

describe('the network a per-address limit counts', () => {
  it('counts an IPv6 address by its /64, however it is written', () => {
    const line = networkOf('2001:db8:1234:5678::1');
    expect(line).toBe('2001:db8:1234:5678::/64');
    for (const other of ['2001:db8:1234:5678::f', '2001:0DB8:1234:5678:aaaa:bbbb:cccc:dddd', '2001:db8:1234:5678:0:0:0:2%eth0']) expect(networkOf(other)).toBe(line);
    expect(networkOf('2001:db8:1234:5679::1')).not.toBe(line);
    expect(networkOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });

  it('counts an IPv4 address, mapped into IPv6 or not, as itself', () => {
    expect(networkOf('203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('::ffff:cb00:7107')).toBe('203.0.113.7');
    expect(networkOf('203.0.113.8')).not.toBe('203.0.113.7');
  });

  it('exempts loopback, in every spelling', () => {
    for (const loopback of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1']) expect(networkOf(loopback)).toBeUndefined();
  });

  it('keeps anything else as given, so it is still counted', () => {
    expect(networkOf('not-an-address')).toBe('not-an-address');
    expect(networkOf('1:2:3')).toBe('1:2:3');
  });
});
