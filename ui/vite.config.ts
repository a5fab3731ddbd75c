/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The desktop app loads ui/dist from its own embedded assets (no dev server,
// no network), so the build is plain static files with relative URLs.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  base: './',
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'safari15',
    // Inline nothing from outside; keep one predictable asset folder.
    assetsDir: 'assets',
    sourcemap: false,
    // One bundle read from the app's own embedded assets, never over a
    // network: its size (CodeMirror for the chapter editor included) costs
    // nothing to fetch, so the 500 kB web-page warning does not apply.
    chunkSizeWarningLimit: 1500,
  },
  // Component tests mount Svelte's client build, not its server build.
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
}));
