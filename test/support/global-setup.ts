import { ensureTemplate } from './database-template';

export default async function globalSetup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) await ensureTemplate();
}
