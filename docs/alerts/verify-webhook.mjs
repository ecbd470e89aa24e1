import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

// True when a DLP Guard webhook request is authentic and fresh. body: the raw request bytes
// (a Buffer, e.g. express.raw({ type: "application/json" })), before any JSON parsing.
export function verifyDlpGuardWebhook(secret, timestamp, signature, body, toleranceSeconds = 300) {
  if (!/^\d+$/.test(timestamp ?? "") || Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) {
    return false; // missing, malformed, or too old: a replay
  }
  const expected = Buffer.from("sha256=" + createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex"));
  const given = Buffer.from(String(signature ?? "").trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// Usage: DLP_GUARD_WEBHOOK_SECRET=... node verify-webhook.mjs TIMESTAMP SIGNATURE < body.json
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ok = verifyDlpGuardWebhook(process.env.DLP_GUARD_WEBHOOK_SECRET, process.argv[2], process.argv[3], readFileSync(0));
  console.log(ok ? "valid" : "INVALID");
  process.exit(ok ? 0 : 1);
}
