// Preloaded into the CLI's process (node --import) where GNU time is not installed: writes the process's peak
// resident memory (KiB) to $JOBPLAN_RSS_FILE when it exits, as `/usr/bin/time -f %M` would.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

process.on('exit', () => {
  const file = process.env.JOBPLAN_RSS_FILE;
  if (file) writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
});
