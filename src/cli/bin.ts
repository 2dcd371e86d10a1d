#!/usr/bin/env node
import { main } from './main.js';
import { quietOnClosedPipe } from './pipe.js';

quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
