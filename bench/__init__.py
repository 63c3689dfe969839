"""Measurements outside the test suite: the benchmark harness (`make bench`, bench/run.py), the
parser fuzzing (bench/fuzz_parsers.py) and the fan-out comparison (bench/fanout.sh)."""
