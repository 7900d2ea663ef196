// End-to-end tests boot real services and databases.
jest.setTimeout(60_000);
