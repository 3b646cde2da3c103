"""Build hook for the C extension (fingerprints, the visited-state store, the state codec).

Everything else about the package lives in pyproject.toml; setuptools reads both.
"""

from setuptools import Extension, setup

NATIVE = "checker/engine/native/"

setup(
    ext_modules=[
        Extension(
            "checker._native",
            sources=[
                NATIVE + name
                for name in (
                    "module.c",
                    "fingerprint.c",
                    "order.c",
                    "visited_table.c",
                    "visited.c",
                    "index.c",
                    "scan.c",
                    "fastpath.c",
                    "codec.c",
                    "codec_decode.c",
                    "chunkmemo.c",
                    "stack.c",
                    "process.c",
                    "tlaeq.c",
                )
            ],
            depends=[NATIVE + "native.h", NATIVE + "visited.h", NATIVE + "codec.h"],
            extra_compile_args=["-O2", "-std=c11", "-Wall", "-Wextra"],
        )
    ]
)
