// The Darknet cfg importer: analyzeDarknet(text, options) -> FileAnalysis (see analyzeDarknet.ts).
export { analyzeDarknet, type DarknetOptions } from './analyzeDarknet';
import { someLineStarts } from '../sniff';
import type { TextFormat } from '../format';
import { analyzeDarknet } from './analyzeDarknet';

/** A Darknet network: a .cfg that starts with a [net] (or [network]) section. Other .cfg files are
 *  not ours, so the content must say so too. */
export const darknetFormat: TextFormat<'darknet'> = {
  id: 'darknet',
  kind: 'text',
  title: 'Darknet cfg',
  extensions: ['.cfg'],
  languageId: 'darknet-cfg',
  contentRequired: true,
  sniff: (head) => someLineStarts(head, /^\[(net|network)\]/),
  analyze: (text, options) => analyzeDarknet(text, options),
};
