"""One local Ray cluster of three raylets for the tests of this directory."""

from __future__ import annotations

import os
from typing import Any

import pytest

# every raylet, the GCS and the driver on 127.0.0.1 (read by Ray at import)
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
ray = pytest.importorskip("ray", reason="the ray extra: pip install -e '.[ray]'")
cluster_utils = pytest.importorskip("ray.cluster_utils")

NODES = 3


@pytest.fixture(scope="package")
def cluster() -> Any:
    """Three raylets on this machine, joined by this process's driver."""
    c = cluster_utils.Cluster(
        initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False}
    )
    for _ in range(NODES - 1):
        c.add_node(num_cpus=1)
    c.wait_for_nodes()
    assert c.address.startswith("127.0.0.1:"), c.address
    ray.init(address=c.address, log_to_driver=False, logging_level="ERROR")
    yield c
    ray.shutdown()
    c.shutdown()
