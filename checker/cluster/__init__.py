"""The search on a cluster: the parallel search's workers as Ray actors, one per hash
partition (NOTE(transport), NOTE(hash-partition), NOTE(cluster-model)); docs/cluster.md.

Ray is an optional dependency (`pip install 'tla-checker[ray]'`); nothing here imports
it before a cluster is asked for (cluster/session.py).
"""
