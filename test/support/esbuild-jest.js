// Jest transformer: TypeScript and Middy's ESM-only modules to CommonJS with esbuild.
// esbuild is already the Lambda bundler, and unlike SWC its platform binaries are all on the registry
// this project installs from, so `npm ci` works from the lock file on every machine.
const { createHash } = require('node:crypto');
const { transformSync, version } = require('esbuild');

const options = (filename) => ({
  loader: /\.tsx?$/.test(filename) ? 'ts' : 'js',
  format: 'cjs',
  target: 'node20',
  platform: 'node',
  // Jest's CommonJS runtime cannot load `import()` without --experimental-vm-modules: make it a require.
  supported: { 'dynamic-import': false },
  sourcemap: 'inline',
  sourcefile: filename,
});

module.exports = {
  process(source, filename) {
    return { code: transformSync(source, options(filename)).code };
  },
  getCacheKey(source, filename) {
    return createHash('sha256')
      .update(version)
      .update(JSON.stringify(options(filename)))
      .update('\0')
      .update(filename)
      .update('\0')
      .update(source)
      .digest('hex');
  },
};
