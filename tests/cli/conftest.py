"""Make the shared helpers importable as ``cli_helpers`` (a name no other test folder uses) in this folder's tests."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
