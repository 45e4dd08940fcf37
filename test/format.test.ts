// The one number formatter (server/src/protocol/format.ts) of hovers, inlay hints, code lenses,
// rule messages, the command line, the panel and the report, hand-checked. It replaced four that
// disagreed (the core's, the webview's, the CLI's `thousands` and the hardware units' printer):
// the cases marked "was" are where one of them printed otherwise.
import * as assert from 'node:assert/strict';
import {
  formatBandwidth,
  formatBytes,
  formatBytesExact,
  formatCount,
  formatCountExact,
  formatNoun,
  formatOps,
  formatOpsPerByte,
  formatOpsPerSecond,
  formatPercent,
  formatRatio,
  formatSeconds,
  formatShape,
  formatSI,
  formatTick,
  significant,
} from '../server/src/protocol/format';
import { formatNumber } from '../server/src/core/hardware/units';
import { FPGA_BANDWIDTH, FPGA_BUFFER, FPGA_PEAK } from './fixtures/webview/panelData';

describe('number formats', () => {
  it('three significant digits, no exponent, no trailing zeros', () => {
    assert.equal(significant(19.911111), '19.9');
    assert.equal(significant(0.125), '0.125');
    assert.equal(significant(1234.5), '1230');
    assert.equal(significant(2), '2');
    assert.equal(significant(0.00000123), '0.00000123');
    assert.equal(significant(NaN), '—');
    // Hardware figures keep five: 989.4, 1978.9 (hardware/units.ts).
    assert.equal(significant(989.4, 5), '989.4');
    assert.equal(formatNumber(1978.9), '1978.9');
    assert.equal(formatNumber(0.123456), '0.12346');
    assert.equal(formatNumber(0), '0');
  });

  it('groups the digits of exact counts', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(1000), '1,000');
    assert.equal(formatCount(4_089_184_256), '4,089,184,256');
    assert.equal(formatCount(-1234567), '-1,234,567');
    assert.equal(formatCount(1234.5), '1,234.5');
    assert.equal(formatCount(0.25), '0.25');
    assert.equal(formatCount(Infinity), '—');
  });

  it('keeps 3 significant digits with SI prefixes, trailing zeros dropped, rescaling when rounding reaches 1000', () => {
    assert.equal(formatSI(512), '512');
    assert.equal(formatSI(9408), '9.41 k');
    assert.equal(formatSI(118_013_952), '118 M');
    assert.equal(formatSI(4_089_184_256), '4.09 G');
    assert.equal(formatSI(999_600_000), '1 G'); // was '1.00 G' in hovers and the CLI
    assert.equal(formatSI(2e15, 'ops'), '2 Pops'); // was '2.00 Pops'
    assert.equal(formatSI(0.072, 'J'), '72 mJ');
    assert.equal(formatSI(3.2e-7, 'J'), '320 nJ');
    assert.equal(formatCountExact(4_089_184_256), '4,089,184,256 (4.09 G)');
    assert.equal(formatCountExact(12), '12');
  });

  it('gives byte sizes in IEC units (KiB = 1024 B), up a prefix from 1000 on', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1000), '0.977 KiB'); // was '1,000 B' in hovers and the CLI
    assert.equal(formatBytes(1023.9), '1 KiB');
    assert.equal(formatBytes(1024), '1 KiB'); // was '1.00 KiB'
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(802_816), '784 KiB');
    assert.equal(formatBytes(2 * 1024 ** 2), '2 MiB'); // was '2.00 MiB' in the CLI
    assert.equal(formatBytes(3_211_264), '3.06 MiB');
    assert.equal(formatBytes(1023.9 * 1024), '1 MiB');
    assert.equal(formatBytes(1000 * 1024), '0.977 MiB');
    assert.equal(formatBytes(FPGA_BUFFER), '4.53 MiB');
    assert.equal(formatBytes(0.5), '0.5 B');
    assert.equal(formatBytes(Infinity), '—');
    assert.equal(formatBytesExact(3_211_264), '3,211,264 B (3.06 MiB)');
    assert.equal(formatBytesExact(1000), '1,000 B (0.977 KiB)');
    assert.equal(formatBytesExact(512), '512 B');
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

describe('format: durations, rates, ratios, percentages, ticks', () => {
  it('formats seconds with a fitting unit', () => {
    assert.equal(formatSeconds(0.02005892), '20.1 ms');
    assert.equal(formatSeconds(850e-9), '850 ns');
    assert.equal(formatSeconds(12.3e-6), '12.3 µs');
    assert.equal(formatSeconds(3.2e-5), '32 µs');
    assert.equal(formatSeconds(0.99996e-3), '1 ms'); // was '1000 µs' in hovers and the CLI
    assert.equal(formatSeconds(1.5), '1.5 s');
    assert.equal(formatSeconds(4e-9), '4 ns');
    assert.equal(formatSeconds(0), '0 s');
  });

  it('operations, operations per second and bandwidths with SI prefixes', () => {
    assert.equal(formatOpsPerSecond(66.4e9), '66.4 GOP/s');
    assert.equal(formatOpsPerSecond(89.6e9), '89.6 GOP/s');
    assert.equal(formatOpsPerSecond(989.4e12), '989 TOP/s');
    assert.equal(formatOpsPerSecond(999.96e9), '1 TOP/s'); // was '1.00 TOP/s'
    assert.equal(formatOpsPerSecond(500), '500 OP/s');
    assert.equal(formatOps(210_830_400), '211 MOP');
    assert.equal(formatBandwidth(4.5e9), '4.5 GB/s');
    assert.equal(formatBandwidth(3.35e12), '3.35 TB/s');
    assert.equal(formatBandwidth(2e12), '2 TB/s');
  });

  it('ratios and intensities: 3 significant digits, SI above 10,000', () => {
    assert.equal(formatRatio(57.0833), '57.1');
    assert.equal(formatRatio(19.9111), '19.9');
    assert.equal(formatRatio(2705.88), '2710'); // was '2,706' in hovers and the CLI
    assert.equal(formatRatio(12_345), '12.3k'); // was '12,345'
    assert.equal(formatOpsPerByte(FPGA_PEAK / FPGA_BANDWIDTH), '19.9 op/B');
    assert.equal(formatOpsPerByte(0.125), '0.125 op/B');
    assert.equal(formatOpsPerByte(12_345), '12.3k op/B');
  });

  it('shares: one decimal, a trailing zero dropped, <0.1% below a thousandth', () => {
    assert.equal(formatPercent(0.3125), '31.3%');
    assert.equal(formatPercent(0.1234), '12.3%');
    assert.equal(formatPercent(1), '100%'); // was '100.0%' in the panel and the report
    assert.equal(formatPercent(0.5), '50%'); // was '50.0%' in the panel and the report
    assert.equal(formatPercent(0.05), '5%'); // was '5.0%' in hovers and the CLI
    assert.equal(formatPercent(0.004), '0.4%'); // was '0.40%'
    assert.equal(formatPercent(0.0004), '<0.1%'); // was '0.040%' in hovers and the CLI
    assert.equal(formatPercent(0), '0%');
    // Changes (roofline diff): at most 3 significant digits, signed.
    assert.equal(formatPercent(8.813), '881%'); // was '881.3%' in the panel's style
    assert.equal(formatPercent(0.9996), '100%');
    assert.equal(formatPercent(-0.82), '-82%');
    assert.equal(formatPercent(-0.0004), '>-0.1%');
  });

  it('axis ticks', () => {
    assert.equal(formatTick(1e11), '100G');
    assert.equal(formatTick(1e12), '1T');
    assert.equal(formatTick(0.1), '0.1');
    assert.equal(formatTick(10), '10');
  });
});
