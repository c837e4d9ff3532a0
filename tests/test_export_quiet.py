"""``quire models export --dtype q4`` says nothing it should not: ONNX Runtime's 4-bit
quantizer module sets the root logger to INFO with a stderr handler when first imported (and
then logs every node); Quire undoes that set-up (``export_causal.nbits_quantizer``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("optimum.exporters.onnx")
pytest.importorskip("onnxruntime.quantization")

from tests.fixtures.causal import checkpoint


def _python(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ.copy(),
    )


def test_importing_the_quantizer_leaves_the_root_logger_alone() -> None:
    done = _python(
        "import logging\n"
        "from engine.store.export_causal import nbits_quantizer\n"
        "module = nbits_quantizer()\n"
        "root = logging.getLogger()\n"
        "assert not root.handlers, root.handlers\n"
        "assert root.level == logging.WARNING, root.level\n"
        "assert logging.getLogger(module.__name__).getEffectiveLevel() == logging.WARNING\n"
        "logging.getLogger('some.library').info('not shown')\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_a_q4_export_writes_no_log_lines(tmp_path: Path) -> None:
    source = checkpoint("qwen2")
    done = _python(
        "import warnings\n"
        "warnings.simplefilter('ignore')\n"
        "from engine.store.export_causal import export_causal\n"
        f"export_causal({str(source)!r}, {str(tmp_path / 'out')!r}, ('q4',))\n"
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "onnx" / "model_q4.onnx").is_file()
    assert "[INFO]" not in done.stderr, done.stderr[:2000]
