"""Load model folders and run them (ONNX Runtime first, PyTorch as the fallback). Internal:
the rest of the app goes through ``engine.Engine``."""
