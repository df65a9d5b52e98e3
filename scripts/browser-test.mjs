// Headless Chromium check of the web UI, driven by crates/parallax/tests/it/browser.rs.
// Env: PARALLAX_URL (a running `parallax serve`), PARALLAX_STORY (a story id with aligned
// passages), PARALLAX_REPORT (index.html of a `parallax report`), PARALLAX_SHOTS (a folder for
// screenshots). Exits non-zero with a message on the first failed check.
import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const { PARALLAX_RTL_STORY, PARALLAX_URL, PARALLAX_STORY, PARALLAX_REPORT, PARALLAX_SHOTS, PARALLAX_SECTIONS } = process.env;

function check(ok, message) {
  if (!ok) {
    console.error("browser test failed: " + message);
    process.exit(1);
  }
}

// Clicks the first aligned passage of the first article and returns what got highlighted.
async function clickPassage(page) {
  const seg = page.locator("#article-0 .seg[data-passages]").first();
  await seg.waitFor();
  const pid = (await seg.getAttribute("data-passages")).split(" ")[0];
  await seg.click();
  const lit = page.locator(".seg.hl");
  const columns = await lit.evaluateAll((els) => [...new Set(els.map((e) => e.dataset.article))]);
  return { pid, columns };
}

const profile = mkdtempSync(join(tmpdir(), "parallax-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  // 1. The served UI: story list, then a story; a click on a passage lights its counterpart.
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(PARALLAX_URL + "/");
  await page.locator("#stories tbody tr").first().waitFor();
  check((await page.locator("#stories tbody tr").count()) >= 1, "the story list is empty");
  await page.screenshot({ path: join(PARALLAX_SHOTS, "list.png"), fullPage: true });
  await page.goto(PARALLAX_URL + "/#/story/" + PARALLAX_STORY);
  const { pid, columns } = await clickPassage(page);
  check(columns.length >= 2, `passage ${pid}: highlighted in columns ${columns}, expected its counterpart too`);
  const counterpart = page.locator(`.seg.hl[data-passages~="${pid}"]:not([data-article="0"])`);
  check((await counterpart.count()) >= 1, `no counterpart of ${pid} highlighted`);
  check((await page.locator("#provenance line").count()) >= 1, "the provenance graph has no edge");
  check((await page.locator("#contributions tbody tr").count()) >= 1, "no outlet row in the added/omitted section");
  check(/independent source/.test(await page.locator("#roles").textContent()), "no roles line under the provenance graph");
  check((await page.locator("#contributions .contribution").count()) >= 1, "no article in the added/omitted section");
  // Keyboard: Enter on a focused passage selects it too.
  const seg2 = page.locator("#article-1 .seg[data-passages]").first();
  await seg2.focus();
  await page.keyboard.press("Enter");
  check((await page.locator("#article-1 .seg.hl").count()) >= 1, "Enter did not select the focused passage");
  // Arrow keys move the focus along an article's passages.
  const before = await page.evaluate(() => document.activeElement.id);
  await page.keyboard.press("ArrowDown");
  const after = await page.evaluate(() => document.activeElement.id);
  const passagesInColumn = await page.locator("#article-1 .seg[data-passages]").count();
  check(passagesInColumn < 2 || (after !== before && after.startsWith("seg-1-")), `ArrowDown moved focus from ${before} to ${after}`);
  await page.screenshot({ path: join(PARALLAX_SHOTS, "story.png"), fullPage: true });
  // A right-to-left article is laid out right to left.
  await page.goto(PARALLAX_URL + "/#/story/" + PARALLAX_RTL_STORY);
  // Only the hash changes, so wait for the new story to replace the old one's columns.
  const rtl = await page
    .waitForFunction(() => document.querySelector("#article-0 .text")?.getAttribute("dir") === "rtl", null, { timeout: 10000 })
    .then(() => true, () => false);
  check(rtl, "the Arabic article is not dir=rtl");
  const direction = await page.locator("#article-0 .text").evaluate((e) => getComputedStyle(e).direction);
  check(direction === "rtl", "the Arabic article's computed direction is " + direction);
  // The quotes, discrepancy and framing sections, from hand-written data in the others' shapes.
  const sections = JSON.parse(readFileSync(PARALLAX_SECTIONS, "utf8"));
  const rendered = await page.evaluate((d) => {
    const r = window.PARALLAX_RENDER;
    const box = document.createElement("div");
    box.append(r.quotesSection(d.quotes), r.factsSection(d.facts), r.framingSection(d.framing));
    return {
      quoteRows: box.querySelectorAll("#quotes tr").length,
      substitutions: box.querySelectorAll("#quotes ins").length,
      discrepancies: box.querySelectorAll("#facts tr").length,
      referents: box.querySelectorAll("#framing td").length,
      text: box.textContent,
    };
  }, sections);
  check(rendered.quoteRows === 2 && rendered.substitutions === 1, "quote variants: " + JSON.stringify(rendered));
  check(rendered.discrepancies >= 2 && rendered.text.includes("600 is 50% more than 400"), "discrepancies: " + JSON.stringify(rendered));
  check(rendered.referents >= 2 && rendered.text.includes("displaced families"), "framing: " + JSON.stringify(rendered));
  // Search from the box.
  await page.fill("#q", "Marsh");
  await page.press("#q", "Enter");
  await page.locator("#stories tbody tr").first().waitFor();
  check(errors.length === 0, "page errors: " + errors.join("; "));

  // 2. The static report from disk: same UI, no request leaves the page but for its own files.
  const offline = await context.newPage();
  const requests = [];
  offline.on("request", (r) => requests.push(r.url()));
  const reportUrl = pathToFileURL(PARALLAX_REPORT).href;
  await offline.goto(reportUrl);
  await offline.locator("#stories tbody tr").first().waitFor();
  const storyId = await offline.locator("#stories tbody tr").first().getAttribute("data-story");
  await offline.goto(reportUrl + "#/story/" + storyId);
  const r2 = await clickPassage(offline);
  check(r2.columns.length >= 2, "report: passage counterpart not highlighted");
  await offline.screenshot({ path: join(PARALLAX_SHOTS, "report.png"), fullPage: true });
  const outside = requests.filter((u) => !u.startsWith("file://"));
  check(outside.length === 0, "the report made network requests: " + outside.join(", "));
  console.log(`browser test passed: passage ${pid} lit in columns ${columns.join(",")}; report made ${requests.length} file requests and no network request`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
