import { defineConfig } from 'vite';

// Under the AppHost, Aspire passes the API's address as services__api__http__0; /api goes there, so the page and
// the API share one origin, as in production where the API serves the built app.
const api = process.env.services__api__http__0 ?? 'http://localhost:5080';

export default defineConfig({
  server: {
    proxy: { '/api': { target: api, changeOrigin: true } },
  },
});
