"""Writes a catalog of 40 manifests (one platform, 13 APIs x 3 providers) for the benchmark."""
import os
import sys

root = sys.argv[1]


def write(folder, text):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "library.toml"), "w") as manifest:
        manifest.write(text)


def manifest(name, kind, provides, default_for, requires, platforms):
    quote = lambda values: "[" + ", ".join('"%s"' % v for v in values) + "]"
    return f'''name = "{name}"
version = "1.0.0"
category = "misc"
kind = "{kind}"
summary = "Generated for the control plane benchmark."
provides = {quote(provides)}
default-for = {quote(default_for)}
requires = {quote(requires)}
platforms = {quote(platforms)}
architectures = ["x86_64"]

[options.level]
type = "int"
default = 1
min = 0
max = 9
help = "A generated option."
'''


write(os.path.join(root, "plat", "qemu"), manifest("qemu", "platform", [], [], ["api-0"], ["qemu"]))
for api in range(13):
    for provider in range(3):
        requires = []
        if api + 1 < 13:
            requires.append("api-%d" % (api + 1))
        if api + 2 < 13 and provider == 1:
            requires.append("api-%d" % (api + 2))
        name = "api-%d-impl-%d" % (api, provider)
        write(
            os.path.join(root, "lib", name),
            manifest(name, "internal", ["api-%d" % api], ["api-%d" % api] if provider == 0 else [],
                     requires, ["qemu"]))
