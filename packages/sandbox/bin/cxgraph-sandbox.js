#!/usr/bin/env node
// A committed shim, so installing the workspace links the bin before the package is built.
import "../dist/cli.js";
