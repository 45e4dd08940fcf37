// The command line's version: package.json's, written into the bundle by esbuild.mjs; 'dev' when
// the sources run directly (tests through tsx).
declare const ROOFLINE_VERSION: string | undefined;

export function cliVersion(): string {
  return typeof ROOFLINE_VERSION === 'string' ? ROOFLINE_VERSION : 'dev';
}
