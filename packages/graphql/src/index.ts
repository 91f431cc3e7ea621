/** Placeholder until the graphql issue lands; the package builds and is wired into the workspace. */
export const PACKAGE_NAME = '@cxgraph/graphql';
