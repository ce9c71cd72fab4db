// `node dist/db-template.js <folder>`: the build's step that makes the embedded database template.
import { buildTemplate } from './template';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node dist/db-template.js <folder>');
  process.exit(2);
}
await buildTemplate(folder);
