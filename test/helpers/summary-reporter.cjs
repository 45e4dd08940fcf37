// Mocha reporter: the usual spec output, then one closing line "N passed, N failed, N skipped"
// that CI reads to know how many tests ran.
'use strict';
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats || { passes: 0, failures: 0, pending: 0 };
      process.stdout.write(`\n${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
      // CI adds up the counts of its test runs (unit and end-to-end) into one closing line.
      const file = process.env.ROOFLINE_COUNTS_FILE;
      if (file) require('fs').appendFileSync(file, `${s.passes} ${s.failures} ${s.pending}\n`);
    });
  }
}

module.exports = SummaryReporter;
