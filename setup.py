"""Which files go into the package (everything else is declared in pyproject.toml).

- every package under core/ and gui/ is found, so a new sub-package can never be left out of an install;
- the repository's top-level ``resources/`` folder (icons, sample reports) is installed as the package
  ``nianbao_resources``, data files included: core/resources.py finds it there once installed, beside the
  source tree when run from a checkout, and under the bundle's folder when frozen by PyInstaller.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["core", "core.*", "gui", "gui.*"]) + ["nianbao_resources"],
    package_dir={"nianbao_resources": "resources"},
    package_data={"nianbao_resources": ["**/*"]},
    exclude_package_data={"nianbao_resources": ["**/__pycache__/*", "**/*.pyc", "__pycache__/*"]},
)
