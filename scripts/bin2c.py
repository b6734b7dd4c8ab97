#!/usr/bin/env python3
# bin2c.py INPUT OUTPUT NAME: a C file defining `const unsigned char NAME[]`
# and `const size_t NAME_len` with INPUT's bytes (a binary embedded in the library).
import sys

src, dst, name = sys.argv[1:4]
data = open(src, "rb").read()
with open(dst, "w") as f:
    f.write("/* generated from %s by scripts/bin2c.py */\n#include <stddef.h>\n" % src.split("/")[-1])
    f.write("const unsigned char %s[] = {\n" % name)
    for i in range(0, len(data), 12):
        f.write("\t" + " ".join("0x%02x," % b for b in data[i:i + 12]) + "\n")
    f.write("};\nconst size_t %s_len = %d;\n" % (name, len(data)))
