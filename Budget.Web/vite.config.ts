/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Under the AppHost, Aspire passes the API's address as services__api__http__0; /api goes there, so the page and
// the API share one origin, as in production where the API serves the built app.
const api = process.env.services__api__http__0 ?? 'http://localhost:5080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': { target: api, changeOrigin: true } },
  },
  build: {
    // BUDGET_WEB_OUT lets the API's publish put the app straight into its wwwroot.
    outDir: process.env.BUDGET_WEB_OUT ?? 'dist',
    emptyOutDir: true,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
