"""`python -m generator COMMAND`: the same as the `ppdb` console script."""

import os
import sys

# `python -m` puts the working folder first on the module path: a pull request's click.py or
# yaml.py at the project root would be imported in place of the library. This package is
# found already; its libraries are looked up without it.
_working_folder = os.path.abspath(os.getcwd())
sys.path[:] = [path for path in sys.path if os.path.abspath(path or ".") != _working_folder]

from generator.cli import main  # noqa: E402

main()
