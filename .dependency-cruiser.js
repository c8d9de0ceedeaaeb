/**
 * Architecture rules (SPEC section 2), checked by `npm test`.
 * domain is pure; api sees only domain; infra implements domain; config composes everything.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports nothing from the other layers',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { path: '^src/(api|infra|config|cli)' },
    },
    {
      name: 'domain-has-no-frameworks',
      comment: 'src/domain imports no framework or driver package',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'api-does-not-know-infra',
      comment: 'src/api depends on domain interfaces and symbols, never on infra classes',
      severity: 'error',
      from: { path: '^src/api' },
      to: { path: '^src/(infra|cli)' },
    },
    {
      name: 'infra-does-not-know-api',
      severity: 'error',
      from: { path: '^src/infra' },
      to: { path: '^src/(api|cli)' },
    },
    {
      name: 'only-api-uses-inversify-express-utils',
      comment: 'so that a move to @inversifyjs/http-express stays a change of one layer',
      severity: 'error',
      from: { pathNot: '^src/api' },
      to: { path: 'inversify-express-utils' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.d\\.ts$' },
  },
};
