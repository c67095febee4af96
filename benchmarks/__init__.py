"""Build benchmarks: ours against plain Pelican on a synthetic corpus (README.md)."""
