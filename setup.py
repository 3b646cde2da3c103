"""Build hook for the C extension (fingerprints and the visited-state store).

Everything else about the package lives in pyproject.toml; setuptools reads both.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "checker._native",
            sources=["checker/engine/native.c"],
            extra_compile_args=["-O2", "-std=c11", "-Wall", "-Wextra"],
        )
    ]
)
