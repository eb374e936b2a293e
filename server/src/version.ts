/** Set by the build (esbuild.mjs) to the `version` of package.json; absent when the sources run unbundled. */
declare const ZONELENS_VERSION: string | undefined;

/** This build's version: the package's, or `0.0.0-dev` when the sources run without the build (tests under tsx). */
export const VERSION: string = typeof ZONELENS_VERSION === 'string' ? ZONELENS_VERSION : '0.0.0-dev';
