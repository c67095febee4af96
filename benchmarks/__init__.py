import sys
from pathlib import Path

# The corpus writes story files with our content model's own helper, imported
# as Pelican imports our plugins: as top-level packages from plugins/.
_PLUGINS = str(Path(__file__).resolve().parent.parent / "plugins")
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)
