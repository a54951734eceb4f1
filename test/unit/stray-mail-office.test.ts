import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

const province = loadProvinceConfig(DEMO_CONFIG);

/** Mail stored for an address that is no office mailbox (any more) waits on the list of the office it belonged to. */
describe('the office whose staff judge mail to a stray address', () => {
  it.each([
    ['a unit’s mailbox: its office', 'housing@tonglu.petitions.example', '330122'],
    ['a removed mailbox of a county’s domain: the county', 'xinfang-old@tonglu.petitions.example', '330122'],
    ['a township no longer configured, under the county’s domain: the county', 'xinfang@xinhe.tonglu.petitions.example', '330122'],
    ['a configured township’s domain: the township', 'old@fenshui.tonglu.petitions.example', '330122109'],
    ['a domain the province does not know: the province office', 'xinfang@closed-county.example', '330000'],
    ['no address at all: the province office', undefined, '330000'],
  ])('%s', (_, address, office) => {
    expect(province.officeForStrayMail(address)).toBe(office);
  });
});
