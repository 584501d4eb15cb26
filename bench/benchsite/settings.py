"""Benchmark-only settings: the product's settings, plus one empty view as the baseline."""

from acollida.settings import *  # noqa: F403 (the benchmark must run the product's exact configuration)

ROOT_URLCONF = "bench.benchsite.urls"
