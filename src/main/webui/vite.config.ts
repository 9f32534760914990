import { defineConfig } from 'vitest/config';

// The bundle goes straight into the service's static resources: Quarkus serves
// target/classes/META-INF/resources at "/" and packages it into the jar.
export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: '../../../target/classes/META-INF/resources',
    emptyOutDir: true,
    assetsDir: 'assets',
    reportCompressedSize: true,
    target: 'es2022',
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
