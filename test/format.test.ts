// The number formats of hovers and the command line (server/src/protocol/format.ts), hand-checked.
import * as assert from 'node:assert/strict';
import { formatBytes, formatBytesExact, formatCount, formatCountExact, formatNoun, formatOpsPerSecond, formatPercent, formatRatio, formatSI, formatSeconds, formatShape } from '../server/src/protocol/format';

describe('number formats', () => {
  it('groups the digits of exact counts', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(1000), '1,000');
    assert.equal(formatCount(4_089_184_256), '4,089,184,256');
    assert.equal(formatCount(-1234567), '-1,234,567');
    assert.equal(formatCount(1234.5), '1,234.5');
    assert.equal(formatCount(0.25), '0.25');
  });

  it('keeps 3 significant digits with SI prefixes, rescaling when rounding reaches 1000', () => {
    assert.equal(formatSI(512), '512');
    assert.equal(formatSI(9408), '9.41 k');
    assert.equal(formatSI(118_013_952), '118 M');
    assert.equal(formatSI(4_089_184_256), '4.09 G');
    assert.equal(formatSI(999_600_000), '1.00 G');
    assert.equal(formatSI(2e15, 'ops'), '2.00 Pops');
    assert.equal(formatCountExact(4_089_184_256), '4,089,184,256 (4.09 G)');
    assert.equal(formatCountExact(12), '12');
  });

  it('gives byte sizes in IEC units (KiB = 1024 B)', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1024), '1.00 KiB');
    assert.equal(formatBytes(802_816), '784 KiB');
    assert.equal(formatBytes(3_211_264), '3.06 MiB');
    assert.equal(formatBytes(1023.9 * 1024), '1.00 MiB');
    assert.equal(formatBytes(1000 * 1024), '0.977 MiB');
    assert.equal(formatBytes(0.5), '0.5 B');
    assert.equal(formatBytesExact(3_211_264), '3,211,264 B (3.06 MiB)');
  });

  it('counts nouns', () => {
    assert.equal(formatNoun(1, 'layer'), '1 layer');
    assert.equal(formatNoun(0, 'layer'), '0 layers');
    assert.equal(formatNoun(10000, 'layer'), '10,000 layers');
  });

  it('writes shapes as in model files', () => {
    assert.equal(formatShape([1, 64, 56, 56]), '[1, 64, 56, 56]');
    assert.equal(formatShape([]), '[]');
    assert.equal(formatShape(null), '[?]');
  });
});

describe('format: durations, rates, ratios, percentages', () => {
  it('formats seconds with a fitting unit', () => {
    assert.equal(formatSeconds(0.02005892), '20.1 ms');
    assert.equal(formatSeconds(1.5), '1.5 s');
    assert.equal(formatSeconds(3.2e-5), '32 µs');
    assert.equal(formatSeconds(4e-9), '4 ns');
    assert.equal(formatSeconds(0), '0 s');
  });
  it('formats ops per second, ratios and percentages', () => {
    assert.equal(formatOpsPerSecond(66.4e9), '66.4 GOP/s');
    assert.equal(formatOpsPerSecond(989.4e12), '989 TOP/s');
    assert.equal(formatRatio(57.0833), '57.1');
    assert.equal(formatSI(0.072, 'J'), '72 mJ');
    assert.equal(formatSI(3.2e-7, 'J'), '320 nJ');
    assert.equal(formatRatio(19.9111), '19.9');
    assert.equal(formatRatio(2705.88), '2,706');
    assert.equal(formatPercent(0.3125), '31.3%');
    assert.equal(formatPercent(1), '100%');
    assert.equal(formatPercent(0.004), '0.40%');
    assert.equal(formatPercent(0.05), '5.0%');
    assert.equal(formatPercent(0), '0%');
  });
});
