// Preloaded into a server process by a test: on SIGUSR2 the process emits a warning and then
// throws from a timer, an exception no handler catches, as a bug would.
'use strict';
const { setTimeout } = require('node:timers');
process.on('SIGUSR2', () => {
  process.emitWarning('a warning emitted by the test', { code: 'FINCORE_TEST_WARNING' });
  setTimeout(() => {
    throw new Error('an exception nobody catches');
  }, 100);
});
