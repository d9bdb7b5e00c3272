"""Recovery steps and layout rules by behaviour, one small data file each (tests/units/*.yaml, as
pandoc's test/command/): each file names its module's functions, and each case gives the arguments
and what the function returns. The whole-file cases (tests/cases/) and the corpora test the same
rules inside whole chapters; these say what each one does alone."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml

UNITS = Path(__file__).with_name("units")
MODULES = {"sentences": "pipeline.recover.sentences", "syntax": "pipeline.layout.syntax",
           "breaks": "pipeline.recover.breaks", "spacing": "pipeline.dialects.spacing",
           "headings": "pipeline.layout.headings", "glued": "pipeline.dialects.glued"}


def _cases():
    for path in sorted(UNITS.glob("*.yaml")):
        module = importlib.import_module(MODULES[path.stem])
        for name, cases in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            for k, (argument, expected) in enumerate(cases):
                yield pytest.param(getattr(module, name), argument, expected, id=f"{path.stem}.{name}[{k}]")


@pytest.mark.parametrize("function, argument, expected", list(_cases()))
def test_unit(function, argument, expected):
    result = function(argument)
    result = sorted(result) if isinstance(result, (set, frozenset)) else \
        list(result) if isinstance(result, tuple) else result
    assert result == expected, (argument, result)


def test_every_data_file_names_a_module():
    assert sorted(p.stem for p in UNITS.glob("*.yaml")) == sorted(MODULES)
