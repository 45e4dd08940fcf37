#!/usr/bin/env node
// The `roofline` command: a thin launcher for the bundled command line (run `npm run build` first).
require('../dist/cli.js');
