"""Build hook for the C extension (fingerprints, the visited-state store, the state codec).

Everything else about the package lives in pyproject.toml; setuptools reads both.
"""

from setuptools import Extension, setup

# one extension, its sources beside the layer that owns each part (native.h, shared by
# all, at the lowest layer: checker/values/native/)
VALUES = "checker/values/native/"
COMPILE = "checker/compile/native/"
ENGINE = "checker/engine/native/"
LIVENESS = "checker/liveness/native/"

setup(
    ext_modules=[
        Extension(
            "checker._native",
            sources=[
                *(
                    VALUES + name
                    for name in ("fingerprint.c", "order.c", "tlaeq.c", "orbit.c", "canon.c")
                ),
                *(
                    COMPILE + name
                    for name in ("index.c", "scan.c", "fastpath.c", "shape.c", "basic.c")
                ),
                *(
                    ENGINE + name
                    for name in (
                        "module.c",
                        "visited_table.c",
                        "visited.c",
                        "codec.c",
                        "codec_decode.c",
                        "chunkmemo.c",
                        "chunkread.c",
                        "stack.c",
                        "process.c",
                    )
                ),
                *(LIVENESS + name for name in ("cycles.c", "fair.c")),
            ],
            include_dirs=[VALUES, ENGINE],
            depends=[
                VALUES + "native.h",
                ENGINE + "visited.h",
                ENGINE + "codec.h",
                LIVENESS + "cycles.h",
            ],
            extra_compile_args=["-O2", "-std=c11", "-Wall", "-Wextra"],
        )
    ]
)
