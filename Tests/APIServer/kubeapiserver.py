#!/usr/bin/env python3
"""A test Kubernetes API server (kube-apiserver 1.32 semantics) with a simulated mpi-operator.

Usage: python3 Tests/APIServer/kubeapiserver.py --dir DIR [--port 0] [--seed standard|none] [--tick 0.1]
                                                [--parent-pid PID] [--no-mpijob-crd]
See README.md next to this file.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakekube.server import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
