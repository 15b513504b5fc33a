#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build`; `npm ci` builds it through `prepare`).
// No TypeScript compiler runs here: development uses `npm run mm2-doctor` (tsx) instead.
process.env.MM2_DOCTOR_CLI = '1';
try {
  await import('../dist/src/cli.js');
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli.js')) {
    process.stderr.write('mm2-doctor: dist/ is missing: run `npm run build` (npm ci runs it) first\n');
    process.exit(3);
  }
  throw err;
}
