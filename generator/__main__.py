"""`python -m generator COMMAND`: the same as the `ppdb` console script."""

from generator.cli import main

main()
