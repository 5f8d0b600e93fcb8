import sys

from esgcli.review.command import main

sys.exit(main())
