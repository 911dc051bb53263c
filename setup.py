"""The compiled parts: perceptron inference for the tagger and the parser
(multivector/text/_perceptron.c) and the tokeniser (multivector/actors/_tokens.c).
They are optional: without a C compiler the package installs and runs the same
code in pure Python, only slower."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "multivector.text._perceptron",
            ["multivector/text/_perceptron.c"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
        Extension(
            "multivector.actors._tokens",
            ["multivector/actors/_tokens.c"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
    ]
)
