"""A numba-jitted loop."""
import numba
import numpy as np


@numba.njit(cache=False)
def total(values):
    acc = 0.0
    for v in values:
        acc += v * v
    return acc


def main():
    print("%.1f" % total(np.arange(1000, dtype=np.float64)))


if __name__ == "__main__":
    main()
