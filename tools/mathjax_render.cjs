// Typeset TeX into CommonHTML with MathJax 3 in Node, at build time (tools/mathrender.py).
//
// stdin: {"fontURL": str, "chtml": {CHTML options}, "tex": {TeX options}, "pages": [[html]]}
//   each html is the inner HTML of one element that the browser's MathJax would
//   process (class "math" or "output_area"), with its TeX still in delimiters.
// stdout: {"pages": [[html]], "css": str}: the same fragments with every formula
//   replaced by an <mjx-container> (CHTML output plus visually hidden MathML for screen
//   readers, MathJax's "assistive MathML"), and one stylesheet for all of them (fonts
//   and the glyphs actually used).
"use strict";
const {mathjax} = require("mathjax-full/js/mathjax.js");
const {TeX} = require("mathjax-full/js/input/tex.js");
const {CHTML} = require("mathjax-full/js/output/chtml.js");
const {liteAdaptor} = require("mathjax-full/js/adaptors/liteAdaptor.js");
const {RegisterHTMLHandler} = require("mathjax-full/js/handlers/html.js");
const {AssistiveMmlHandler} = require("mathjax-full/js/a11y/assistive-mml.js");
const {AllPackages} = require("mathjax-full/js/input/tex/AllPackages.js");

function main(input) {
  const adaptor = liteAdaptor();
  AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
  const tex = new TeX(Object.assign({packages: AllPackages.filter((p) => p !== "bussproofs")},
                                    input.tex || {}));
  const chtml = new CHTML(Object.assign({fontURL: input.fontURL, adaptiveCSS: true},
                                        input.chtml || {}));
  let last = null;
  const pages = input.pages.map((fragments) => {
    const body = fragments.map((f) => `<div class="mlpbook-fragment">${f}</div>`).join("");
    const doc = mathjax.document(`<html><head></head><body>${body}</body></html>`,
                                 {InputJax: tex, OutputJax: chtml});
    doc.render();
    last = doc;
    const divs = adaptor.tags(adaptor.body(doc.document), "div")
      .filter((d) => adaptor.hasClass(d, "mlpbook-fragment"));
    if (divs.length !== fragments.length) {
      throw new Error(`${fragments.length} fragments in, ${divs.length} out`);
    }
    return divs.map((d) => adaptor.innerHTML(d));
  });
  const css = last ? adaptor.textContent(chtml.styleSheet(last)) : "";
  return {pages, css};
}

let data = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { data += chunk; });
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify(main(JSON.parse(data))));
});
