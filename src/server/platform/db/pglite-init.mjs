// Creates an empty PGlite data directory, then exits. client.ts runs it as a short-lived process
// of its own, so the memory that creating a cluster takes (over 1 GB) is never the app's. Plain
// JavaScript: it runs on whichever Node.js started the app.
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create(process.argv[2]);
await db.close();
