/** Placeholder until the cli issue lands; the package builds and is wired into the workspace. */
export const PACKAGE_NAME = '@cxgraph/cli';
