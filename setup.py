"""The one thing pyproject.toml cannot say: ship the top-level ``resources/`` folder inside the
wheel, as the data-only package ``quire_resources`` (found by ``engine.resources``)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["engine*", "desktop*"]), "quire_resources"],
    package_dir={"quire_resources": "resources"},
    package_data={
        "quire_resources": ["*.json", "*.md", "icons/*", "translations/*.qm"],
        "engine": ["py.typed"],  # (PEP 561: a program using the engine type-checks against it)
    },
)
