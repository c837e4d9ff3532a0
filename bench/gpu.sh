#!/usr/bin/env bash
# One GPU check, under 8 minutes, from the repository root of a machine with a CUDA GPU:
#   1. ONNX Runtime's CUDA provider really runs (not a silent fall back to the CPU);
#   2. fp32 and fp16 on CUDA (with IO binding) give the CPU's ids and logits, translation,
#      language and encoder models: the `gpu` tests;
#   3. tokens/s at batch 1 and 32, Quire fp32/fp16 vs CTranslate2 float32/float16 on CUDA, on
#      the opus-mt-en-de-shaped checkpoint of bench/generate.py (built on first use).
# Needs: onnxruntime-gpu, ctranslate2 (its wheel bundles CUDA), torch, transformers,
# optimum-onnx, pytest. PYTHON picks the interpreter (default: .venv/bin/python, else python3).
# bench/gpu_carry.sh brings them to a GPU machine that has no package index.
# Every step has its own time limit and the script goes on after a failure, so one run
# reports everything; the exit status is the number of failed steps.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=python3; fi
fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
OUT="${OUT:-/tmp}"
failed=0
step() {  # step NAME SECONDS COMMAND...
  local name=$1 limit=$2
  shift 2
  echo "=== $name (limit ${limit}s)"
  local t0=$SECONDS
  if timeout "$limit" "$@"; then
    echo "=== $name: ok ($((SECONDS - t0)) s)"
  else
    echo "=== $name: FAILED, status $? ($((SECONDS - t0)) s)"
    failed=$((failed + 1))
  fi
}

echo "# $(date -u +%FT%TZ) $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo 'nvidia-smi missing')"
step versions 60 "$PY" - <<'EOF'
import importlib
for name in ("onnxruntime", "ctranslate2", "torch", "transformers", "numpy"):
    try:
        mod = importlib.import_module(name)
        print(f"{name} {getattr(mod, '__version__', '?')} ({getattr(mod, '__file__', '?')})")
    except ImportError as exc:
        print(f"{name} MISSING ({exc})")
import onnxruntime as ort
print("providers:", ort.get_available_providers())
import ctranslate2
print("ctranslate2 CUDA devices:", ctranslate2.get_cuda_device_count())
EOF

# 1. The CUDA provider must be the one that runs, and compute the right thing.
step cuda-provider 120 "$PY" - <<'EOF'
import numpy as np
from engine.runtime.onnx_seq2seq import gather_model
from engine.runtime.providers import create_session
import onnxruntime as ort, tempfile, pathlib
with tempfile.TemporaryDirectory() as tmp:
    path = pathlib.Path(tmp) / "gather.onnx"
    path.write_bytes(gather_model([(1, 2)]))
    result = create_session(path, ["cuda"])
    print("device:", result.device, "providers:", result.session.get_providers())
    print("fallbacks:", result.fallbacks)
    assert result.device == "cuda", "CUDA did not initialise: " + str(result.fallbacks)
    x = np.arange(12, dtype=np.float32).reshape(4, 3)
    rows = np.array([3, 0, 0], dtype=np.int64)
    (y,) = result.session.run(None, {"x0": x, "rows": rows})
    assert (y == x[rows]).all()
print("CUDA provider runs")
EOF

# 2. fp32 / fp16 on CUDA against the CPU and transformers (tiny fixtures, IO binding on).
# -W default: the GPU machine's own torch, numpy and friends are not the versions CI pins, and
# their deprecation warnings are not what this step checks (the suite turns warnings into errors).
step gpu-parity 300 "$PY" -m pytest -q -m gpu -p no:cacheprovider -W default \
  tests/test_onnx_seq2seq.py tests/test_causal.py tests/test_encoders.py

# 3. Throughput on CUDA, side by side in one run (fresh process per system).
step gpu-throughput 330 "$PY" -m bench.generate --device cuda --batch 1 32 --repeat 3 \
  --cli-repeat 0 --systems quire-fp32 quire-fp16 ct2-fp32 ct2-fp16

echo "# failed steps: $failed"
exit "$failed"
