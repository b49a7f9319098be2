// Renders the bill of bench/Finance.Bench/BenchData.cs with swissqrbill's PDF output N times, one
// A4 page each (the payment part at the foot), as its README shows. Prints key=value figures.
import PDFDocument from "pdfkit";
import { SwissQRBill } from "swissqrbill/pdf";

const count = Number(process.argv[2] ?? 500);
const data = {
  amount: 1949.75,
  creditor: { account: "CH44 3199 9123 0008 8901 2", address: "Rue du Lac", buildingNumber: 1268, city: "Biel", country: "CH", name: "Robert Schneider AG", zip: 2501 },
  currency: "CHF",
  debtor: { address: "Grosse Marktgasse", buildingNumber: 28, city: "Rorschach", country: "CH", name: "Pia-Maria Rutschmann-Schnyder", zip: 9400 },
  message: "Bestellung vom 15. Oktober 2020",
  reference: "210000000003139471430009017",
};

function render() {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: "A4" });
    const chunks = [];
    pdf.on("data", (c) => chunks.push(c));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
    new SwissQRBill(data, { language: "DE" }).attachTo(pdf);
    pdf.end();
  });
}

for (let i = 0; i < 20; i++) await render(); // warm-up
let bytes = 0;
const start = process.hrtime.bigint();
for (let i = 0; i < count; i++) bytes = (await render()).length;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
if (process.argv[3]) (await import("node:fs")).writeFileSync(process.argv[3], await render());
console.log(`swissqrbill_pdf_per_s=${(count / seconds).toFixed(1)} swissqrbill_bytes=${bytes}`);
