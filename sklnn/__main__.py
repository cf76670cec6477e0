"""``python -m sklnn``: the sklnn command line, e.g. ``python -m sklnn compare``."""

from sklnn.compare import main

if __name__ == "__main__":
    raise SystemExit(main())
