import { defineConfig } from 'prisma/config';

// The CLI only needs the schema location: the service and scripts/ pass connections themselves.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
