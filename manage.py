#!/usr/bin/env python
from acollida.cli import main

if __name__ == "__main__":
    main()
