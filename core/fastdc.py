"""``dataclass`` as the standard library's, with less work at import time (issue 11, start-up).

On Python 3.11 ``dataclasses.dataclass`` compiles every method it adds from source text: three
for a plain class (``__init__``, ``__repr__``, ``__eq__``), six for a frozen one (with
``__setattr__``, ``__delattr__``, ``__hash__``), and writes the docstring of a class without one
with ``inspect.signature``. A single check defines about forty such classes at import, and this
was over a third of its import time. Here the standard library still builds the class — fields,
``__init__``, ``__match_args__``, ``__dataclass_fields__``, so ``fields``/``replace``/``asdict``
work as before — but ``__repr__``, ``__eq__``, ``__hash__`` and (3.11) the frozen guards are small
closures over the field names, made without compiling, and the docstring is written from the
generated ``__init__``. They return what the generated ones return: the same text, the same
comparison of field tuples, ``NotImplemented`` for another class, the same hash, ``...`` for a
recursive repr, the same ``FrozenInstanceError``. A class with ``order``, ``unsafe_hash`` or
``slots`` is handed to the standard library unchanged.

``tests/unit/test_fastdc.py`` builds many class shapes with both and compares what can be observed.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
from _thread import get_ident
from operator import attrgetter

__all__ = ["dataclass"]

# Python 3.13 builds all of a class's methods in one compilation, and its __eq__ compares field by
# field (NaN fields then differ), not as tuples: there the standard library is used as it is.
_STANDARD = sys.version_info >= (3, 13)


def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False,
              **other):
    """Drop-in for ``dataclasses.dataclass`` (same arguments, same resulting class)."""

    def wrap(c):
        if _STANDARD or order or unsafe_hash or other.get("slots") or other.get("weakref_slot"):
            return dataclasses.dataclass(c, init=init, repr=repr, eq=eq, order=order, unsafe_hash=unsafe_hash,
                                         frozen=frozen, **other)
        return _process(c, init=init, repr=repr, eq=eq, frozen=frozen, **other)

    return wrap if cls is None else wrap(cls)


def _process(cls, *, init, repr, eq, frozen, **other):
    # what the standard library decides about __hash__, from the class as written
    class_hash = cls.__dict__.get("__hash__", dataclasses.MISSING)
    explicit_hash = not (class_hash is dataclasses.MISSING or (class_hash is None and "__eq__" in cls.__dict__))
    own_repr = "__repr__" in cls.__dict__
    own_eq = "__eq__" in cls.__dict__
    # without a docstring the standard library writes the signature as one, with inspect.signature
    # (a tenth of a class's cost): the same text is written below from the generated __init__
    doc = not cls.__dict__.get("__doc__") and init and "__init__" not in cls.__dict__
    if doc:
        cls.__doc__ = "…"
    if frozen and _PATCH_FROZEN:
        with _lock:  # the frozen guards as closures too (the standard library's are compiled)
            saved = dataclasses._frozen_get_del_attr
            dataclasses._frozen_get_del_attr = _frozen_get_del_attr
            try:
                cls = dataclasses.dataclass(cls, init=init, repr=False, eq=False, frozen=frozen, **other)
            finally:
                dataclasses._frozen_get_del_attr = saved
    else:
        cls = dataclasses.dataclass(cls, init=init, repr=False, eq=False, frozen=frozen, **other)
    params = cls.__dataclass_params__
    params.repr, params.eq = repr, eq
    if doc:
        cls.__doc__ = _doc(cls)
    flds = dataclasses.fields(cls)
    if repr and not own_repr:
        _set(cls, "__repr__", _repr_fn(tuple(f.name for f in flds if f.repr)))
    if eq:
        compared = _tuple_of(tuple(f.name for f in flds if f.compare))
        if not own_eq:
            _set(cls, "__eq__", _eq_fn(compared))
        if not explicit_hash:
            if frozen:
                _set(cls, "__hash__", _hash_fn(_tuple_of(tuple(f.name for f in flds
                                                                 if (f.compare if f.hash is None else f.hash)))))
            else:
                cls.__hash__ = None
    return cls


# Python 3.11 (the version the program ships with) builds the frozen guards in one replaceable
# function, called as _frozen_get_del_attr(cls, fields, globals); later versions compile all the
# methods of a class at once and are left alone.
_PATCH_FROZEN = sys.version_info[:2] == (3, 11) and callable(getattr(dataclasses, "_frozen_get_del_attr", None))
_lock = threading.Lock()


def _frozen_get_del_attr(cls, fields, globals):
    """The two methods the standard library's ``_frozen_get_del_attr`` returns (Python 3.11)."""
    names = tuple(f.name for f in fields)
    error = dataclasses.FrozenInstanceError

    def __setattr__(self, name, value):
        if type(self) is cls or name in names:
            raise error(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in names:
            raise error(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


def _doc(cls) -> str:
    """``cls.__name__ + str(inspect.signature(cls)).replace(' -> None', '')``, what the standard
    library makes the docstring of a class without one — written directly when the signature is
    the generated ``__init__``'s with positional parameters and string annotations (``from
    __future__ import annotations``), by inspect otherwise."""
    fn = cls.__dict__.get("__init__")
    code = getattr(fn, "__code__", None)
    simple = (type(cls) is type and "__new__" not in cls.__dict__ and not hasattr(cls, "__signature__")
              and code is not None and code.co_kwonlyargcount == 0 and not code.co_flags & 0x0C)
    if simple:
        names = code.co_varnames[1:code.co_argcount]
        notes = fn.__annotations__
        defaults = fn.__defaults__ or ()
        first_default = len(names) - len(defaults)
        parts = []
        for i, name in enumerate(names):
            note = notes.get(name, _NO_NOTE)
            if not isinstance(note, str):
                simple = False
                break
            part = f"{name}: {note!r}"
            if i >= first_default:
                part += f" = {defaults[i - first_default]!r}"
            parts.append(part)
        if simple and notes.get("return", _NO_NOTE) is None:
            return (cls.__name__ + "(" + ", ".join(parts) + ") -> None").replace(" -> None", "")
    import inspect

    try:
        return cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
    except (TypeError, ValueError):
        return cls.__name__


_NO_NOTE = object()


def _set(cls, name: str, fn) -> None:
    fn.__qualname__ = f"{cls.__qualname__}.{fn.__name__}"
    setattr(cls, name, fn)


def _tuple_of(names: tuple[str, ...]):
    """obj → the tuple of these attributes (what the generated methods compare and hash)."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return attrgetter(*names)


def _repr_fn(names: tuple[str, ...]):
    running: set = set()

    def __repr__(self):
        key = id(self), get_ident()
        if key in running:
            return "..."
        running.add(key)
        try:
            return self.__class__.__qualname__ + "(" + ", ".join(
                [f"{n}={getattr(self, n)!r}" for n in names]) + ")"
        finally:
            running.discard(key)

    return __repr__


def _eq_fn(values):
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash_fn(values):
    def __hash__(self):
        return hash(values(self))

    return __hash__
