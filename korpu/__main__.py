import sys

from korpu.cli import main

sys.exit(main())
