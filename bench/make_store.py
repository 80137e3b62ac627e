#!/usr/bin/env python3
"""Write the JSON payload of a sesame store with N secrets (format 1) to stdout.

Used by the benchmarks to build large stores in seconds instead of N `set`s.
Values are random 32-character strings; names look like real ones
(service/environment/key)."""
import json, secrets, string, sys
from datetime import datetime, timezone

n = int(sys.argv[1])
now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
alphabet = string.ascii_letters + string.digits
envs = ["prod", "staging", "dev", "ci"]
out = {}
for i in range(n):
    name = f"svc{i % 97}/{envs[i % 4]}/key{i}"
    value = "".join(secrets.choice(alphabet) for _ in range(32))
    out[name] = {
        "description": f"benchmark secret {i}",
        "created": now,
        "updated": now,
        "versions": [{"n": 1, "value": value, "created": now, "state": "active"}],
    }
json.dump({"format": 1, "max_versions": 10, "secrets": out}, sys.stdout, separators=(",", ":"))
