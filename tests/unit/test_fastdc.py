"""core.fastdc.dataclass makes the same classes as dataclasses.dataclass: every class shape is
built twice (once by each), and the two are compared on what a user of the class can observe —
construction, defaults, repr (recursive too), ==/!= (same class, other class, subclass), hash,
the frozen guards and their messages, fields/replace/asdict/astuple, pickling, __match_args__,
__doc__, the parameters, and the methods a class body writes itself."""

from __future__ import annotations

import dataclasses
import math
import pickle
import re
import sys
from dataclasses import field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.fastdc import dataclass as fast_dataclass

MODULE = sys.modules[__name__]

# one field: (default kind, repr, compare, hash, annotation, default value)
FIELD = st.tuples(st.sampled_from(["none", "value", "factory"]), st.booleans(), st.booleans(),
                  st.sampled_from([None, True, False]),
                  st.sampled_from(["int", "str | None", "tuple[str, ...]", "dict[str, 'Cell']", 'str']),
                  st.sampled_from([0, 7, "a'b", None, (1, 2), 1.5, "x -> None", frozenset()]))
SHAPE = st.fixed_dictionaries({
    "fields": st.lists(FIELD, max_size=5),
    "frozen": st.booleans(),
    "eq": st.booleans(),
    "repr": st.booleans(),
    "own_repr": st.booleans(),
    "own_eq": st.booleans(),
    "own_hash": st.sampled_from([None, "none", "fn"]),
    "doc": st.booleans(),
})


def _make(decorator, shape: dict, name: str):
    """The class ``name`` of this shape, decorated by ``decorator`` (a fresh class each time)."""
    ns: dict = {"__module__": __name__, "__qualname__": name, "__annotations__": {}}
    seen_default = False
    for i, (kind, rep, cmp, hsh, note, value) in enumerate(shape["fields"]):
        fname = f"f{i}"
        ns["__annotations__"][fname] = note
        if kind == "none" and seen_default:
            kind = "value"  # no non-default field after a default one
        if kind == "value":
            ns[fname] = field(default=value, repr=rep, compare=cmp, hash=hsh)
            seen_default = True
        elif kind == "factory":
            ns[fname] = field(default_factory=list, repr=rep, compare=cmp, hash=hsh)
            seen_default = True
        else:
            ns[fname] = field(repr=rep, compare=cmp, hash=hsh)
    if shape["doc"]:
        ns["__doc__"] = "A documented class."
    if shape["own_repr"]:
        ns["__repr__"] = lambda self: "own repr"
    if shape["own_eq"]:
        ns["__eq__"] = lambda self, other: "own eq"
    if shape["own_hash"] == "none":
        ns["__hash__"] = None
    elif shape["own_hash"] == "fn":
        ns["__hash__"] = lambda self: 42
    cls = type(name, (), ns)
    setattr(MODULE, name, cls)  # findable by pickle
    return decorator(frozen=shape["frozen"], eq=shape["eq"], repr=shape["repr"])(cls)


def _required(shape) -> int:
    n = 0
    for kind, *_ in shape["fields"]:
        if kind != "none":
            break
        n += 1
    return n


def _observe(cls, shape) -> dict:
    """Everything about a class and two instances that can be compared between two classes."""
    n = _required(shape)
    a = cls(*range(1, n + 1))
    b = cls(*range(1, n + 1))
    c = cls(*range(2, n + 2)) if n else cls()
    out: dict = {
        "repr": re.sub(r" at 0x[0-9a-f]+", "", repr(a).replace(cls.__qualname__, "C")),
        "eq": (a == b, a == c, a != b, a == object(), a.__eq__(object())),
        "hash_attr": cls.__dict__.get("__hash__", "absent") is None,
        "hash_type": type(_hash_or_error(a)).__name__,
        "fields": [(f.name, f.repr, f.compare, f.hash) for f in dataclasses.fields(cls)],
        "asdict": dataclasses.asdict(a),
        "astuple": dataclasses.astuple(a),
        "match_args": cls.__match_args__,
        "doc": (cls.__doc__ or "").replace(cls.__name__, "C"),
        "params": repr(cls.__dataclass_params__),
        "pickle": pickle.loads(pickle.dumps(a)) == a,
        "replace": dataclasses.replace(a) == a,
        "methods": sorted(k for k in cls.__dict__ if k.startswith("__") and callable(cls.__dict__[k])),
        "qualnames": sorted(getattr(cls.__dict__[k], "__qualname__", "").replace(cls.__qualname__, "C")
                            for k in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
                            if callable(cls.__dict__.get(k))),
    }
    ha, hb = _hash_or_error(a), _hash_or_error(b)
    out["hash_equal"] = ha == hb if isinstance(ha, int) else str(ha).replace(cls.__name__, "C")
    if shape["fields"]:
        out["set"] = _error_of(lambda: setattr(a, "f0", 5))
        out["del"] = _error_of(lambda: delattr(a, "f0"))
    out["set_other"] = _error_of(lambda: setattr(a, "other", 5))
    return out


def _hash_or_error(x):
    try:
        return hash(x)
    except TypeError as e:
        return e


def _error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the kind and message are what is compared
        return type(e).__name__, str(e)
    return None


@settings(max_examples=150, deadline=None)
@given(SHAPE)
def test_same_class_as_the_standard_library(shape):
    std = _make(dataclasses.dataclass, shape, "StdShape")
    fast = _make(fast_dataclass, shape, "FastShape")
    assert _observe(fast, shape) == _observe(std, shape)
    if shape["fields"]:
        assert (std.__eq__ is not object.__eq__) == (fast.__eq__ is not object.__eq__)


def test_docstring_written_from_the_signature():
    for dc in (dataclasses.dataclass, fast_dataclass):

        @dc(frozen=True)
        class Spec:
            key: str
            label: str = "x -> None"
            parts: tuple = field(default_factory=tuple)
            note: str | None = None

        assert Spec.__doc__ == "Spec(key: 'str', label: 'str' = 'x', parts: 'tuple' = <factory>, note: 'str | None' = None)"

        @dc
        class KwOnly:
            a: int
            b: int = dataclasses.field(default=1, kw_only=True)

        assert KwOnly.__doc__ == "KwOnly(a: 'int', *, b: 'int' = 1)"


def test_repr_of_a_recursive_structure_and_nan():
    for dc in (dataclasses.dataclass, fast_dataclass):

        @dc
        class Node:
            value: float
            children: list = field(default_factory=list)

        n = Node(1.0)
        n.children.append(n)
        assert repr(n) == "test_repr_of_a_recursive_structure_and_nan.<locals>.Node(value=1.0, children=[...])"
        nan = Node(math.nan)
        assert nan == nan
        if sys.version_info < (3, 13):  # the tuples compare identity first
            assert Node(math.nan) == Node(math.nan)
        else:  # field by field: NaN differs from itself
            assert Node(math.nan) != Node(math.nan)
        assert Node(float("nan")) != Node(float("nan"))


def test_other_class_and_subclass_compare_as_the_standard_library():
    results = []
    for dc in (dataclasses.dataclass, fast_dataclass):

        @dc(frozen=True)
        class Base:
            x: int

        @dc(frozen=True)
        class Child(Base):
            y: int = 0

        results.append((Base(1) == Child(1), Child(1) == Base(1), Child(1, 2) == Child(1, 2),
                        hash(Child(1, 2)) == hash((1, 2)), hash(Base(3)) == hash((3,)),
                        [f.name for f in dataclasses.fields(Child)], repr(Child(1, 2)).split(".")[-1]))
    assert results[0] == results[1]


def test_non_frozen_inherits_frozen_refused_alike():
    for dc in (dataclasses.dataclass, fast_dataclass):

        @dc(frozen=True)
        class Frozen:
            x: int

        with pytest.raises(TypeError, match="cannot inherit non-frozen dataclass from a frozen one"):

            @dc
            class Thawed(Frozen):
                y: int = 0


def test_unusual_options_go_to_the_standard_library():
    @fast_dataclass(order=True, unsafe_hash=True)
    class Ordered:
        x: int

    assert Ordered(1) < Ordered(2) and hash(Ordered(1)) == hash((1,))

    @fast_dataclass(slots=True)
    class Slotted:
        x: int

    assert Slotted.__slots__ == ("x",)


def test_the_core_classes_are_the_standard_librarys_shape():
    """The classes of the core made by fastdc behave as dataclasses (fields, replace, frozen)."""
    from core.findings import make
    from core.model import SourcePos

    p = SourcePos("docx", table=1, row=2, col=3)
    assert dataclasses.is_dataclass(p) and dataclasses.replace(p, row=5).row == 5
    assert p == SourcePos("docx", table=1, row=2, col=3) and hash(p) == hash(SourcePos("docx", table=1, row=2, col=3))
    assert repr(p).startswith("SourcePos(kind='docx', table=1, row=2, col=3, tc=None")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'row'"):
        p.row = 1
    f = make("W-topics", topics="监督保障")
    assert dataclasses.asdict(f)["code"] == "W-topics" and pickle.loads(pickle.dumps(f)) == f
