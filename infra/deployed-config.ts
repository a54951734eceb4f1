import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfigFile } from '../shared/config/config-file.js';
import { holidayFolderOf, loadProvinceConfig } from '../shared/config/province.js';

/** The province configuration's name in every function's bundle (beside index.mjs). */
export const DEPLOYED_CONFIG_FILE_NAME = 'province.json';

/**
 * Writes the province configuration as a function reads it on AWS: the YAML
 * checked exactly as a function will check it, then the same document as
 * `province.json` and each `holidays/<year>.yaml` as `holidays/<year>.json`
 * beside it. JSON is what a deployed function parses, so its bundle carries
 * no YAML parser; the values are the YAML's, key for key (the YAML 1.2 core
 * schema has no dates or other types JSON lacks).
 */
export function writeDeployedConfig(provinceConfigPath: string, outDir: string): void {
  // Fails the synth (ConfigError naming file and field) rather than deploying functions that cannot start.
  loadProvinceConfig(provinceConfigPath);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, DEPLOYED_CONFIG_FILE_NAME), JSON.stringify(readConfigFile(provinceConfigPath)));
  const holidays = holidayFolderOf(provinceConfigPath);
  if (!existsSync(holidays)) return;
  mkdirSync(join(outDir, 'holidays'), { recursive: true });
  for (const file of readdirSync(holidays).filter((name) => name.endsWith('.yaml'))) {
    writeFileSync(join(outDir, 'holidays', file.replace(/\.yaml$/, '.json')), JSON.stringify(readConfigFile(join(holidays, file))));
  }
}
