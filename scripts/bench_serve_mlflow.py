"""Peer for `make bench-serve`: saves our model (XGBoost JSON, which xgboost loads as is) as an
MLflow xgboost-flavor model directory. Runs in a venv under /tmp; never a product dependency.

  bench_serve_mlflow.py MODEL_JSON OUT_DIR
"""
import sys

import mlflow
import mlflow.xgboost
import xgboost as xgb

booster = xgb.Booster()
booster.load_model(sys.argv[1])
mlflow.xgboost.save_model(booster, sys.argv[2], model_format="json")
print(f"mlflow {mlflow.__version__}, xgboost {xgb.__version__}")
