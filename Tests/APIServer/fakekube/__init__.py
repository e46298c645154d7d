"""fakekube: a Kubernetes API server for tests, in the Python standard library only."""
