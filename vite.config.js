import { defineConfig } from 'vite';
export default defineConfig({ server: { proxy: { '/api': { target: process.env.services__api__http__0, changeOrigin: true } } } });
