import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * zod's named `z` is a namespace object esbuild cannot tree-shake: it pulls
 * every locale and the JSON Schema converters into each function (about
 * 280 KB of a bundle). `import * as z from 'zod'` keeps only what is used.
 */
const ZOD_NAMESPACE = {
  selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
  message: "Write `import * as z from 'zod'`: the named z keeps all of zod in every bundle.",
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'dist/', 'coverage/', 'web/console/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      'no-restricted-syntax': ['error', ZOD_NAMESPACE],
    },
  },
  {
    // The staff console runs in the browser (web/console): React components in .tsx.
    files: ['web/console/**/*.{ts,tsx}'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', sessionStorage: 'readonly', fetch: 'readonly', crypto: 'readonly' } },
  },
  {
    // Tests read JSON answers as a client would, untyped.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The domain stays pure: no AWS SDK, no environment, no wall clock.
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@aws-sdk/*', 'node:*', '../adapters/*', '../app/*'] }],
      'no-restricted-syntax': [
        'error',
        ZOD_NAMESPACE,
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'The domain reads no environment: pass values in.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The domain reads no clock: pass the time in.' },
      ],
    },
  },
);
