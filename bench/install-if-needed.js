// `npm run bench` installs the baselines' own dependencies (NestJS) on first use, from bench/'s lock file.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

if (!fs.existsSync(path.join(__dirname, 'node_modules/@nestjs/core'))) {
  console.log('Installing the benchmark baselines\' dependencies (npm --prefix bench ci)...');
  execSync('npm --prefix bench ci --no-audit --no-fund', { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
}
