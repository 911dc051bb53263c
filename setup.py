"""The one compiled part: perceptron inference for the tagger and the parser
(multivector/text/_perceptron.c). It is optional: without a C compiler the
package installs and runs the same models in pure Python, only slower."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "multivector.text._perceptron",
            ["multivector/text/_perceptron.c"],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ]
)
