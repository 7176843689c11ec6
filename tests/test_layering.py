"""Core modules never import the command line or the terminal views (DESIGN.md, common rules)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ("pledgewatch.ledger", "pledgewatch.ledger.render", "pledgewatch.report.data", "pledgewatch.web.app")
OUTER = ("pledgewatch.cli", "pledgewatch.cli_views", "pledgewatch.cli_scale", "pledgewatch.report_table")


@pytest.mark.parametrize("module", CORE)
def test_a_core_module_loads_no_command_line_or_extract_table_code(module: str) -> None:
    probe = f"import sys, {module}; print(','.join(m for m in {OUTER!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "", f"{module} imports {loaded}"
