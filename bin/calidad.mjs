#!/usr/bin/env node
// The `calidad` command. npm puts node_modules/.bin first on PATH, so `node` here is the
// pinned Node 24 (package "node"), which runs the TypeScript sources directly.
import '../src/cli/main.ts';
