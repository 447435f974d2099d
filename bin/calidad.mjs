#!/usr/bin/env -S node --max-semi-space-size=8
// The `calidad` command. npm puts node_modules/.bin first on PATH, so `node` here is the
// pinned Node 24 (package "node"), which runs the TypeScript sources directly. Its flags are
// NODE_FLAGS (src/server/node-flags.ts).
import '../src/cli/main.ts';
