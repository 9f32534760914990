import { defineConfig } from 'vitest/config';

// The bundle goes straight into the service's static resources: Quarkus serves
// target/classes/META-INF/resources at "/" and packages it into the jar.
// The Maven build passes the exact folder; a plain `npm run build` uses the same default.
const outDir = process.env.TASKMILL_WEBUI_OUT ?? '../../../target/classes/META-INF/resources';

export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    reportCompressedSize: true,
    target: 'es2022',
  },
  // `npm run dev`: this app with hot reload, the API proxied to a running service.
  server: {
    host: '127.0.0.1',
    proxy: Object.fromEntries(['/api', '/q'].map((p) => [p, { target: process.env.TASKMILL_API ?? 'http://127.0.0.1:8080' }])),
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
