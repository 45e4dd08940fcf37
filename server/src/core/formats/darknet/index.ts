// The Darknet cfg importer: analyzeDarknet(text, options) -> FileAnalysis (see analyzeDarknet.ts).
export { analyzeDarknet, type DarknetOptions } from './analyzeDarknet';
