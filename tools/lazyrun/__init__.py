"""lazyrun: run a Python program with lazy imports and lazycheck's manifest,
and verify that it behaves as it does with eager imports.

    PYTHONPATH=tools python3 -m lazyrun run --manifest M [--mode MODE] \\
        (script.py | -m module) [args...]
    PYTHONPATH=tools python3 -m lazyrun verify --manifest M [--mode MODE] \\
        -- (script.py | -m module) [args...]

See tools/lazyrun/README.md.
"""
