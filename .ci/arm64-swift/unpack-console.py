#!/usr/bin/env python3
"""Split a guest's console log (arm64 Swift lane) into the files the guest printed.

Usage: unpack-console.py CONSOLE.txt OUTDIR

The guest's /init prints each output file base64-encoded between `LANE-FILE-BEGIN name` and
`LANE-FILE-END name`. This writes OUTDIR/name for each, with env.json and result.json as the
documents themselves, and OUTDIR/boot.log: the console up to the first file (the kernel's boot
messages and the guest's own lines) followed by the kernel log the guest took with dmesg.
A file whose block is cut short (the guest died) is not written, and the exit status is 1.
"""
import base64
import pathlib
import sys


def main() -> int:
    console = pathlib.Path(sys.argv[1]).read_text(errors="replace").splitlines()
    outdir = pathlib.Path(sys.argv[2])
    boot, files, current, body, status = [], {}, None, [], 0
    for line in console:
        if current is None and line.startswith("LANE-FILE-BEGIN "):
            current, body = line.split(" ", 1)[1].strip(), []
        elif current is not None and line.strip() == f"LANE-FILE-END {current}":
            try:
                files[current] = base64.b64decode("".join(body), validate=True)
            except ValueError as error:
                print(f"{sys.argv[1]}: {current}: not base64: {error}", file=sys.stderr)
                status = 1
            current = None
        elif current is not None:
            body.append(line.strip())
        elif not files:
            boot.append(line)
    if current is not None:
        print(f"{sys.argv[1]}: {current}: no LANE-FILE-END (the guest stopped)", file=sys.stderr)
        status = 1
    for name, data in files.items():
        (outdir / name).write_bytes(data)
    dmesg = files.get("dmesg.txt", b"").decode(errors="replace")
    (outdir / "boot.log").write_text("\n".join(boot) + "\n--- dmesg ---\n" + dmesg)
    return status


if __name__ == "__main__":
    sys.exit(main())
