#!/usr/bin/env node
import { run } from '../dist/eval/cli.js';

run(process.argv.slice(2));
