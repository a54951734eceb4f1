import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDeployedConfig } from '../../infra/deployed-config.js';
import { REPO_ROOT } from '../../infra/paths.js';
import { readConfigFile } from '../../shared/config/config-file.js';
import { ConfigError, loadProvinceConfig } from '../../shared/config/province.js';

const PROVINCE_YAML = join(REPO_ROOT, 'config', 'province.yaml');
const fresh = () => mkdtempSync(join(tmpdir(), 'xinfang-deployed-config-test-'));

describe('the configuration a deployed function reads (province.json)', () => {
  it('is the YAML province, offices, clocks and holidays alike', () => {
    const dir = fresh();
    writeDeployedConfig(PROVINCE_YAML, dir);
    expect(readdirSync(join(dir, 'holidays'))).toContain('2026.json');

    const fromYaml = loadProvinceConfig(PROVINCE_YAML);
    const fromJson = loadProvinceConfig(join(dir, 'province.json'));
    expect(fromJson.config).toEqual(fromYaml.config);
    expect(fromJson.calendar.years()).toEqual(fromYaml.calendar.years());
    // 国庆节 2026 and its 调休 Saturday: the working-day clock is the same on AWS as here.
    expect(fromJson.calendar.isWorkingDay('2026-10-05')).toBe(false);
    expect(fromJson.calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    // The statutory holidays of the years without a notice go too: 除夕 2027 is a rest day on AWS as here.
    expect(readdirSync(join(dir, 'holidays'))).toContain('statutory.json');
    expect(fromJson.calendar.statutoryYears()).toEqual(fromYaml.calendar.statutoryYears());
    expect(fromJson.calendar.statutoryHoliday(Date.UTC(2027, 1, 5) / 86_400_000)).toBe('春节');
  });

  it('is not written from a configuration that would not start a function', () => {
    const dir = fresh();
    const bad = join(dir, 'province.yaml');
    writeFileSync(bad, 'jurisdictions: []\n');
    expect(() => writeDeployedConfig(bad, join(dir, 'out'))).toThrow(ConfigError);
  });
});

describe('readConfigFile', () => {
  it('reads JSON by its name and says where JSON is broken', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'ok.json'), '{"year": 2026, "note": "2026-01-01"}');
    expect(readConfigFile(join(dir, 'ok.json'))).toEqual({ year: 2026, note: '2026-01-01' });
    writeFileSync(join(dir, 'bad.json'), '{"year": 2026,}');
    expect(() => readConfigFile(join(dir, 'bad.json'))).toThrow(/bad\.json[\s\S]*not valid JSON/);
  });

  it('reads YAML 1.2 core: an unquoted date stays a string, a bad line is named', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'ok.yaml'), 'year: 2026\nfrom: 2026-10-01\n');
    expect(readConfigFile(join(dir, 'ok.yaml'))).toEqual({ year: 2026, from: '2026-10-01' });
    writeFileSync(join(dir, 'bad.yaml'), 'year: 2026\nholidays: [a, b\n');
    expect(() => readConfigFile(join(dir, 'bad.yaml'))).toThrow(/bad\.yaml[\s\S]*line \d/);
  });
});
