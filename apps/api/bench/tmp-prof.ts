import { writeFileSync } from 'node:fs';
import { startTestApp } from '../src/test-support/test-app';
const app = await startTestApp();
const { headers } = await app.signIn('admin');
writeFileSync(
  '/tmp/prof-target.json',
  JSON.stringify({ url: `${app.baseUrl}/api/send-ports/SP.Orders.AS2`, cookie: headers.cookie }),
);
await new Promise((r) => setTimeout(r, 30000));
await app.close();
