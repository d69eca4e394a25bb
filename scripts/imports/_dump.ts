import { scanRepository } from "./scan";
const { edges } = scanRepository(process.cwd(), ["lib"]);
const mod = (f: string) => { const p = f.split("/"); return p.length > 2 ? p.slice(0, 2).join("/") : f.replace(/\.tsx?$/, ""); };
const pick = process.argv.slice(2);
for (const e of edges) { const a = mod(e.from), b = mod(e.to); if (a === b) continue; if (pick.some((p) => `${a}->${b}` === p)) console.log(e.from, "->", e.to, e.kind); }
