// Build the site's static assets: compile GOV.UK Frontend's Sass with our settings and copy its JS
// from the npm package's dist folder into site/static/. Run by `make assets`.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "site", "static");

mkdirSync(join(out, "site"), { recursive: true });
mkdirSync(join(out, "govuk"), { recursive: true });

const css = sass.compile(join(root, "site", "scss", "application.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "site", "application.css"), css.css);
cpSync(join(dist, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
// GOV.UK icons and the crown are not copied: this service is not on GOV.UK.
console.log("Built site/static/site/application.css and site/static/govuk/govuk-frontend.min.js");
