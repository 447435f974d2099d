import { defineConfig } from '@playwright/test';
import { NODE_FLAGS } from './src/server/node-flags.ts';

const PORT = 3100;
// A fresh embedded database per run, with the demo data.
const dataDir = `.tmp/e2e-data-${Date.now()}`;

export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    locale: 'es-MX',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
  },
  webServer: {
    // The server as `npm start` runs it, with the app's Node.js flags.
    command: `node_modules/.bin/node ${NODE_FLAGS.join(' ')} src/server/main.ts`,
    url: `http://127.0.0.1:${PORT}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: `http://127.0.0.1:${PORT}`,
    },
  },
});
