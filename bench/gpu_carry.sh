#!/usr/bin/env bash
# Carries what bench/gpu.sh needs to a GPU machine that has CUDA 13, PyTorch and Python 3.12
# but no package index (this workplace's H200s), in chunks small enough for its 64 MiB
# transfers, then runs bench/gpu.sh there.
#
#   bash bench/gpu_carry.sh pack [N]   here: the packages for CPython 3.12 in .gpu/chunks/partK
#                                      (xz, about 245 MB in 4 chunks; N = chunks, default 4)
#   bash bench/gpu_carry.sh stage K    here: put chunk K alone in .gpu/ (the folder that travels)
#   bash bench/gpu_carry.sh receive    there: keep the chunk in .gpu/ under /tmp/parts
#   bash bench/gpu_carry.sh run        there: receive, unpack, point the loader at the image's
#                                      CUDA 13 libraries, run bench/gpu.sh (log in $OUT/gpu.log)
#
# One call per chunk, each within the machine's 30 s idle window, carrying `.gpu`:
#   stage 0; receive | stage 1; receive | stage 2; receive | stage 3; run   (chunks part00..)
# (`echo /.gpu/ >> .git/info/exclude` once.) The machine keeps /tmp only while it stays warm.
#
# The packages: onnxruntime-gpu (CUDA 13 build), ctranslate2, and the versions of transformers,
# optimum-onnx and tokenizers the exporter needs (the image's transformers is too new for it),
# plus the engine's own pure-Python dependencies. Installed without their dependencies: the
# image's own numpy, onnx, protobuf, lxml, anyio, h11, click and torch serve (seen there on
# 2026-12-04); a newer image may need more of them named here.
set -uo pipefail
cd "$(dirname "$0")/.."
HERE=.gpu
CHUNKS=$HERE/chunks
PACKAGES=(
  onnxruntime-gpu==1.31.1 ctranslate2==4.8.5 transformers==4.57.6 optimum==2.1.0
  optimum-onnx==0.1.0 tokenizers==0.22.2 huggingface_hub==0.36.2 sentencex==1.0.32
  py3langid==0.4.0 python-docx pdfminer.six platformdirs starlette uvicorn python-multipart
)
PLATFORM=(
  --only-binary=:all: --no-deps --python-version 3.12 --implementation cp
  --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64
  --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64
)

case "${1:-}" in
pack)
  n="${2:-4}"
  work=$(mktemp -d)
  python3 -m pip download -q "${PLATFORM[@]}" -d "$work/wheels" "${PACKAGES[@]}" || exit 1
  python3 -m pip install -q --no-index --no-compile "${PLATFORM[@]}" --target "$work/site312" \
    "$work"/wheels/*.whl || exit 1
  rm -rf "$CHUNKS" && mkdir -p "$CHUNKS"
  tar -C "$work" -cf - site312 | xz -9 -T0 >"$work/site312.tar.xz" || exit 1
  split -n "$n" -d -a 2 "$work/site312.tar.xz" "$CHUNKS/part"
  rm -rf "$work"
  ls -l "$CHUNKS"
  ;;
stage)
  rm -f "$HERE"/part*
  cp "$CHUNKS/part$(printf %02d "$2")" "$HERE/"
  ;;
receive)
  # The first chunk starts afresh: chunks of an earlier carry are not mixed in.
  if [ -e "$HERE/part00" ]; then rm -rf /tmp/parts; fi
  mkdir -p /tmp/parts && cp "$HERE"/part* /tmp/parts/ && ls /tmp/parts
  ;;
run)
  if [ -e "$HERE/part00" ]; then rm -rf /tmp/parts; fi  # (one chunk in all: as receive)
  mkdir -p /tmp/parts && cp "$HERE"/part* /tmp/parts/ || exit 1
  t0=$SECONDS
  cat /tmp/parts/part* | python3 -c "import sys, tarfile
tarfile.open(fileobj=sys.stdin.buffer, mode='r|xz').extractall('/tmp', filter='fully_trusted')" ||
    exit 3
  echo "unpacked in $((SECONDS - t0)) s"
  export PYTHONPATH=/tmp/site312
  site=$(python3 -c 'import site; print(site.getsitepackages()[0])')
  libs=$(ls -d "$site"/nvidia/*/lib 2>/dev/null | tr '\n' ':')
  # CTranslate2 4.8.5's wheel dlopens CUDA 12's libcublas.so.12; the image has CUDA 13's. The
  # calls it makes are in both: name 13's as 12 (say so beside any figure this gives).
  mkdir -p /tmp/cu12
  for lib in libcublas libcublasLt; do
    found=$(find "$site"/nvidia -name "$lib.so.13*" | head -1)
    if [ -n "$found" ]; then ln -sf "$found" "/tmp/cu12/$lib.so.12"; else echo "no $lib.so.13"; fi
  done
  export LD_LIBRARY_PATH="/tmp/cu12:${libs%:}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export PYTHON=python3 HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1
  bash bench/gpu.sh 2>&1 | tee "${OUT:-/tmp}/gpu.log"
  exit "${PIPESTATUS[0]}"
  ;;
*)
  sed -n '2,/^set -uo/p' "$0" | sed '$d'
  exit 2
  ;;
esac
