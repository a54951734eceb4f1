import { fromEnv, type FromEnvInit } from '@aws-sdk/credential-provider-env';

/**
 * What the deployed bundles use in place of `@aws-sdk/credential-provider-node`
 * (an esbuild alias, infra/bundling.ts): Lambda hands a function its execution
 * role's credentials in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the first place the SDK's default
 * chain looks. The rest of that chain — profiles, SSO, web identity, the
 * container and instance endpoints, with the STS and SSO clients they carry —
 * never answers on Lambda, yet weighed about 130 KiB in every bundle.
 *
 * Only `defaultProvider` is imported from that package by the SDK clients.
 * The local runtime and the tests run the sources with the real chain.
 */
export const defaultProvider = (init?: FromEnvInit) => fromEnv(init);
