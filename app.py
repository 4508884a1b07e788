"""`python app.py`: open the imgscreen review page in a browser on this computer.

Only parses arguments and hands them to `imgscreen.ui.server.serve`, so `imgscreen serve` and this script
behave the same. Analytics are switched off before anything imports gradio.
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Review photos for PHI before posting them (local web page).")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only; "
                        "anything else requires --auth)")
    p.add_argument("--port", type=int, default=None,
                   help="port (default: $GRADIO_SERVER_PORT, else the first free port from 7860)")
    p.add_argument("--auth", default=None, metavar="USER:PASSWORD",
                   help="require a login; several as a:b,c:d. Prefer the IMGSCREEN_AUTH environment "
                        "variable: command lines are visible to other users of this computer")
    p.add_argument("--policy", default=None, metavar="TOML", help="policy file (thresholds, face style, limits)")
    p.add_argument("--log", default=None, metavar="JSONL",
                   help="decision record file (default: $IMGSCREEN_DECISION_LOG or "
                        "~/.local/share/imgscreen/decisions.jsonl)")
    p.add_argument("--open", action="store_true", help="open the page in the default browser")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from imgscreen.policy import PolicyError
    from imgscreen.ui.server import serve

    try:
        serve(host=args.host, port=args.port, auth=args.auth, policy_path=args.policy, log_path=args.log,
              open_browser=args.open)
    except (PolicyError, ValueError) as e:
        print(f"imgscreen: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
