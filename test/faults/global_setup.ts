import type { TestProject } from 'vitest/node';

/**
 * The fault tests need the test database templates but not the web app (they use no browser):
 * the shared global setup with the web build turned off. The `main` project, which runs first,
 * builds the web app when its browser tests need it.
 */
export default async function setup(project: TestProject): Promise<void> {
  const chromium = process.env.GRIDWORK_CHROMIUM;
  process.env.GRIDWORK_CHROMIUM = '/nonexistent/faults-need-no-browser';
  try {
    const { default: shared } = await import('../global_setup.ts');
    await shared(project);
  } finally {
    if (chromium === undefined) delete process.env.GRIDWORK_CHROMIUM;
    else process.env.GRIDWORK_CHROMIUM = chromium;
  }
}
