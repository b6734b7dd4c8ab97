# site-dir.py PREFIX: the first directory of this interpreter's sys.path
# under PREFIX that holds packages ("" when none): where to install.
import sys

prefix = sys.argv[1].rstrip("/") + "/"
print(next((d for d in sys.path if d.startswith(prefix) and d.endswith("-packages")), ""))
