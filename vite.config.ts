import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is one React build served two ways: loaded by the Electron window from
// dist/renderer, and by `reverie serve` (browser mode) over 127.0.0.1.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
});
