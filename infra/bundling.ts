import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPLOYED_CONFIG_FILE_NAME, writeDeployedConfig } from './deployed-config.js';
import { fromRepoRoot } from './paths.js';

/**
 * How every function is built, in ONE place: the stack (NodejsFunction) and
 * scripts/bench-bundles.ts (plain esbuild) both read these settings, so the
 * benchmark measures exactly what is deployed.
 */

/**
 * Node.js 24 is the newest LTS line Lambda and aws-cdk-lib 2.276 offer (cdk-nag
 * AwsSolutions-L1 asks for the newest of the family). The bundles target node20,
 * the oldest Node the code supports, so the same output also runs locally.
 */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;
/** Graviton: cheaper per GB-second than x86 and nothing here is architecture-specific — but the native modules below. */
export const LAMBDA_ARCHITECTURE = Architecture.ARM_64;

/**
 * Native modules ship beside the bundle (esbuild cannot bundle a .node
 * binary): the package and its platform build, copied from node_modules into
 * the bundle of every function whose code imports it. The build copied is the
 * one npm installed on the build machine (linux x64: CI and this project's
 * machines), so those functions run on x86_64; an offline synth cannot fetch
 * the arm64 build.
 */
export const NATIVE_MODULES = [{ module: '@node-rs/jieba', platformPackage: '@node-rs/jieba-linux-x64-gnu' }] as const;
/** The router, and the intake that routes at registration, segment Chinese text with jieba (shared/adapters/segmenter.ts). */
const NATIVE_MODULE_ENTRIES = ['functions/router/handler.ts', 'functions/intake/handler.ts'];

/** The architecture of a function: x86_64 for one that loads a native module, Graviton otherwise. */
export function architectureOf(entry: string): Architecture {
  return NATIVE_MODULE_ENTRIES.includes(entry) ? Architecture.X86_64 : LAMBDA_ARCHITECTURE;
}

/** Where the province configuration sits in every bundle, and the PROVINCE_CONFIG_PATH the functions read. */
export const PROVINCE_CONFIG_FILE_NAME = DEPLOYED_CONFIG_FILE_NAME;
export const PROVINCE_CONFIG_PATH_IN_LAMBDA = `/var/task/${PROVINCE_CONFIG_FILE_NAME}`;

/**
 * ESM output has no `require`; some dependencies still call it (directly or via
 * esbuild's __require shim). Aliased import so it cannot clash with a bundled binding.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __xinfangCreateRequire } from 'node:module'; const require = __xinfangCreateRequire(import.meta.url);";

/**
 * The SDK's default credential chain, replaced in every bundle by the one link
 * that answers on Lambda: the execution role's credentials in the environment
 * (functions/lib/lambda-credentials.ts; about 130 KiB less a bundle).
 */
export const CREDENTIAL_CHAIN_ALIAS = {
  '@aws-sdk/credential-provider-node': fromRepoRoot('functions/lib/lambda-credentials.ts'),
} as const;

/**
 * postcss (with source-map-js, about 90 KiB) is in sanitize-html only to parse
 * style attributes, which the mail sanitiser neither keeps nor parses
 * (`parseStyleAttributes: false`, shared/adapters/mail/html.ts). The bundles
 * get a stand-in that refuses to be called (functions/lib/no-style-parser.ts).
 */
export const STYLE_PARSER_ALIAS = {
  postcss: fromRepoRoot('functions/lib/no-style-parser.ts'),
} as const;

/**
 * Packages shipped as both CommonJS and ES modules, which the mail code
 * reaches both ways: mailparser and html-to-text import them, mailsplit and
 * sanitize-html require them. Each way resolves to its own build, so a bundle
 * carried both copies (about 220 KiB of the intake, imap and precheck bundles:
 * libmime's MIME type table twice, the HTML entity tables twice). Every
 * import of them is pointed at the CommonJS build, which both ways load
 * (esbuild's interop gives an `import` the module's exports); the entity
 * tables follow their importers, htmlparser2 and dom-serializer.
 * test/infra/mail-bundle.test.ts parses the mail fixtures in a bundle.
 */
const DUAL_FORMAT_PACKAGES = ['libmime', 'libqp', 'libbase64', 'htmlparser2', 'domhandler', 'domutils', 'dom-serializer', 'domelementtype'] as const;
const requireFromRoot = createRequire(fromRepoRoot('package.json'));
export const ONE_MODULE_FORMAT_ALIAS = Object.fromEntries(DUAL_FORMAT_PACKAGES.map((name) => [name, requireFromRoot.resolve(name)])) as Record<(typeof DUAL_FORMAT_PACKAGES)[number], string>;

/** The esbuild settings, in esbuild's own vocabulary (used as-is by the bench script). */
export const ESBUILD_SETTINGS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  sourcemap: true,
  /** Stack traces need names and lines, not the sources: keeps the .map small and cold starts fast. */
  sourcesContent: false,
  /** Chinese text stays UTF-8 instead of \uXXXX escapes (smaller bundles, readable letters). */
  charset: 'utf8',
  /** Prefer the ES module builds so esbuild can tree-shake the AWS SDK clients. */
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  /**
   * Nothing is external, not even @aws-sdk/*: the runtime's SDK is a moving
   * version; bundling pins the version we tested and only the clients a
   * function imports end up in its bundle, tree-shaken. The exception is a
   * native module, copied beside the bundle (NATIVE_MODULES).
   */
  external: NATIVE_MODULES.map((m) => m.module) as string[],
  alias: { ...CREDENTIAL_CHAIN_ALIAS, ...STYLE_PARSER_ALIAS, ...ONE_MODULE_FORMAT_ALIAS },
} as const;

/** The same settings for NodejsFunction, plus copying the province configuration into the bundle. */
export function lambdaBundling(provinceConfigPath: string): BundlingOptions {
  return {
    minify: ESBUILD_SETTINGS.minify,
    sourceMap: ESBUILD_SETTINGS.sourcemap,
    sourcesContent: ESBUILD_SETTINGS.sourcesContent,
    target: ESBUILD_SETTINGS.target,
    format: OutputFormat.ESM,
    // NodejsFunction's own `charset` option is not passed on to esbuild (aws-cdk-lib 2.276): say it directly.
    esbuildArgs: {
      '--charset': ESBUILD_SETTINGS.charset,
      ...Object.fromEntries(Object.entries(ESBUILD_SETTINGS.alias).map(([from, to]) => [`--alias:${from}`, to])),
    },
    mainFields: [...ESBUILD_SETTINGS.mainFields],
    banner: ESBUILD_SETTINGS.banner.js,
    externalModules: ESBUILD_SETTINGS.external,
    commandHooks: copyProvinceConfig(provinceConfigPath),
  };
}

/**
 * Bundles are self-contained: each carries the configuration it was deployed
 * with, as JSON (infra/deployed-config.ts), written once per synth into a
 * staging folder and copied into every bundle.
 */
function copyProvinceConfig(provinceConfigPath: string): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => {
      const staged = stagedDeployedConfig(fromRepoRoot(provinceConfigPath));
      return [
        `cp "${staged}/${PROVINCE_CONFIG_FILE_NAME}" "${outputDir}/${PROVINCE_CONFIG_FILE_NAME}"`,
        `if [ -d "${staged}/holidays" ]; then cp -R "${staged}/holidays" "${outputDir}/holidays"; fi`,
        ...NATIVE_MODULES.map(({ module, platformPackage }) => copyNativeModule(inputDir, outputDir, module, platformPackage)),
      ];
    },
  };
}

const stagedConfigs = new Map<string, string>();

/** The deployed form of a configuration file, written on first use in a synth. */
function stagedDeployedConfig(source: string): string {
  let staged = stagedConfigs.get(source);
  if (staged === undefined) {
    const folder = mkdtempSync(join(tmpdir(), 'xinfang-deployed-config-'));
    // Copied into the bundles during the synth itself (local bundling): not needed once the process ends.
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    writeDeployedConfig(source, folder);
    stagedConfigs.set(source, (staged = folder));
  }
  return staged;
}

/** Copies a native module and its platform build into a bundle that imports it; a missing platform build fails the synth, by name. */
function copyNativeModule(inputDir: string, outputDir: string, module: string, platformPackage: string): string {
  const from = `${inputDir}/node_modules`;
  const to = `${outputDir}/node_modules`;
  return [
    `if grep -q "${module}" "${outputDir}/index.mjs"; then`,
    `test -d "${from}/${platformPackage}" || { echo "${platformPackage} is not installed: build on linux x64 (npm install installs it there)" >&2; exit 1; };`,
    `mkdir -p "${to}/${module.split('/')[0]}" && cp -R "${from}/${module}" "${from}/${platformPackage}" "${to}/${module.split('/')[0]}/";`,
    'fi',
  ].join(' ');
}
