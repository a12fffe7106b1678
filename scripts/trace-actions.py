#!/usr/bin/env python3
"""Lists the slowest Playwright actions in the traces the browser tests save with BROKERCONSOLE_TRACE=1.

Usage: BROKERCONSOLE_TRACE=1 dotnet test ... --filter Browser; python3 scripts/trace-actions.py [artifacts/traces] [N]
"""
import json
import pathlib
import sys
import zipfile

folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "artifacts/traces")
top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
actions = []
for trace in sorted(folder.glob("*.zip")):
    with zipfile.ZipFile(trace) as z:
        starts = {}
        for name in z.namelist():
            if not name.endswith(".trace"):
                continue
            for line in z.read(name).decode("utf-8", "replace").splitlines():
                event = json.loads(line)
                if event.get("type") == "before":
                    starts[event["callId"]] = event
                elif event.get("type") == "after" and event.get("callId") in starts:
                    before = starts.pop(event["callId"])
                    seconds = (event["endTime"] - before["startTime"]) / 1000
                    what = before.get("apiName") or before.get("title") or before.get("method")
                    params = json.dumps(before.get("params", {}))[:110]
                    actions.append((seconds, trace.stem, what, params))
actions.sort(reverse=True)
print(f"{len(actions)} actions, {sum(a[0] for a in actions):.1f} s in all")
for seconds, trace, what, params in actions[:top]:
    print(f"{seconds:7.2f}s  {trace:40.40}  {what}  {params}")
