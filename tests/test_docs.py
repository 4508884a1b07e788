"""The documentation stays true: every policy key is documented, the README's commands exist."""

import dataclasses
import re
from pathlib import Path

from imgscreen.policy import Policy

ROOT = Path(__file__).resolve().parent.parent


def test_every_policy_key_is_documented():
    doc = (ROOT / "docs" / "policy.md").read_text()
    for section in dataclasses.fields(Policy):
        assert f"## [{section.name}]" in doc
        for key in dataclasses.fields(section.default_factory()):
            assert f"`{key.name}`" in doc, f"[{section.name}] {key.name} is not documented in docs/policy.md"


def test_readme_gives_the_two_commands_and_ci_runs_the_same_test_command():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.*?)```", readme, re.S)
    assert blocks[0].strip().startswith("bash setup.sh && .venv/bin/imgscreen scan samples/")
    test_cmd = blocks[1].strip()
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_cmd in ci and "bash setup.sh" in ci
