export default function globalTeardown(): void {
  // Test apps remove their own databases; the PGlite template is kept for the next run.
}
