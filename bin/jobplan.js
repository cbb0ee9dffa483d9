#!/usr/bin/env node
// The installed command. The TypeScript is compiled to dist/ by `npm run build` (run by `npm ci` via `prepare`).
import { main } from '../dist/src-engine/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
