// Defaults of the `roofline.*` settings that the client and the server both need, kept once. The
// default of `roofline.target` in package.json is checked against DEFAULT_TARGET by
// test/package.test.ts, and the catalog is checked to hold it by test/hardware.test.ts.

/** The target when neither the file nor the settings name one: the best-known datacentre GPU. */
export const DEFAULT_TARGET = 'h100-sxm';
