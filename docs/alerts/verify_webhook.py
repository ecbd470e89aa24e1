import hashlib
import hmac
import time


def verify_dlp_guard_webhook(secret: bytes, timestamp: str, signature: str, body: bytes,
                             tolerance_seconds: int = 300) -> bool:
    """True when a DLP Guard webhook request is authentic and fresh.

    secret: DLP_GUARD_WEBHOOK_SECRET; timestamp / signature: the X-DlpGuard-Timestamp and
    X-DlpGuard-Signature headers; body: the raw request bytes, before any JSON parsing.
    """
    if not timestamp or not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance_seconds:
        return False  # missing, malformed, or too old: a replay
    expected = "sha256=" + hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, (signature or "").strip().lower())


if __name__ == "__main__":
    # Usage: DLP_GUARD_WEBHOOK_SECRET=... python3 verify_webhook.py TIMESTAMP SIGNATURE < body.json
    import os
    import sys
    ok = verify_dlp_guard_webhook(os.environ["DLP_GUARD_WEBHOOK_SECRET"].encode(), sys.argv[1], sys.argv[2],
                                  sys.stdin.buffer.read())
    print("valid" if ok else "INVALID")
    sys.exit(0 if ok else 1)
