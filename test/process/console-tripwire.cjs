// Preloaded into a server process by a test: every console.* call writes one line starting with
// CONSOLE-USED to stderr (with where it came from), so the test can prove the console was never
// used, even by a library printing something that happens to look like JSON.
'use strict';
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) {
  console[method] = (...args) => {
    const from = (new Error().stack || '').split('\n').slice(2, 5).map((l) => l.trim()).join(' < ');
    const text = args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ').replace(/\s+/g, ' ').slice(0, 200);
    process.stderr.write(`CONSOLE-USED console.${method}: ${text} (at ${from})\n`);
  };
}
