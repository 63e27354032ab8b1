#!/usr/bin/python3
"""Writes the seed corpus in fuzz/corpus/<target>/: one small valid input of each kind the
readers accept, from which libFuzzer mutates. Run from the repository root; the plugin_file
seeds are two tiny shared libraries built with gcc (one exporting nnplug_descriptor)."""
import gzip, io, json, os, struct, subprocess, tempfile, zipfile
import numpy as np

c = 'fuzz/corpus/'
for target in ('json_config', 'csv', 'idx', 'npy', 'npz', 'plugin_file'):
    os.makedirs(c + target, exist_ok=True)

def write(name, data):
    with open(c + name, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())

write('json_config/config.json', json.dumps({
    "seed": 1, "data": {"train": {"format": "csv", "path": "iris.csv", "label": "species"}},
    "model": {"layers": [{"type": "dense", "units": 3, "activation": "softmax"}]},
    "compile": {"optimizer": {"name": "adam", "learning_rate": 0.01}, "loss": "categorical_crossentropy",
                "metrics": ["accuracy"]},
    "fit": {"epochs": 2, "batch_size": 8}}, indent=1) + "\n")
write('json_config/schema.json', json.dumps({
    "type": "object",
    "properties": {"beta": {"type": "number", "minimum": 0, "exclusiveMaximum": 1, "default": 0.9},
                   "name": {"type": "string", "minLength": 1, "maxLength": 8, "enum": ["a", "b"]},
                   "list": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "default": [1]},
                   "nested": {"type": "object", "properties": {"x": {"type": ["number", "null"], "default": 1}},
                              "required": ["x"], "additionalProperties": False}},
    "patternProperties": {"^k_": {"type": "boolean"}}, "required": ["beta"]}, indent=1) + "\n")
write('json_config/escapes.json', '{"a\\u0062": [1, 2.5e3, -0, true, false, null, "\\n\\t\\"x\\""], "b": {"c": [[{}]]}}\n')

write('csv/iris.csv', 'species,sepal_length,sepal_width\nsetosa,5.1,3.5\n"versicolor",7.0,"3.2"\r\nvirginica, 6.3 ,3.3\n\n')
write('csv/numeric.csv', '\ufefftarget,x1,x2\n0.5,1,2\n7,-3.25,4e2\n-1e-3,+1.5,1e-50\n')

def idx(code, fmt, dims, values):
    return (bytes([0, 0, code, len(dims)]) + b''.join(struct.pack('>I', d) for d in dims) +
            b''.join(struct.pack('>' + fmt, v) for v in values))

write('idx/labels.idx', idx(0x08, 'B', [5], [3, 1, 4, 1, 5]))
write('idx/images.idx.gz', gzip.compress(idx(0x08, 'B', [2, 2, 3], list(range(12))), mtime=0))
write('idx/floats.idx', idx(0x0D, 'f', [2, 2], [1.5, -2, 0, 3]))
write('idx/doubles.idx.gz', gzip.compress(idx(0x0E, 'd', [3], [1.5, -2, 1e300]), mtime=0))

def npy(array):
    out = io.BytesIO()
    np.save(out, array)
    return out.getvalue()

write('npy/f4.npy', npy(np.arange(6, dtype='<f4').reshape(2, 3)))
write('npy/f8.npy', npy(np.array([1.5, -2.0], dtype='<f8')))
write('npy/scalar.npy', npy(np.float32(3)))
for name, method in (('stored.npz', zipfile.ZIP_STORED), ('deflated.npz', zipfile.ZIP_DEFLATED)):
    with zipfile.ZipFile(c + 'npz/' + name, 'w', method) as archive:
        for entry, array in (('dense/kernel.npy', np.arange(4, dtype='<f4').reshape(2, 2)),
                             ('dense/bias.npy', np.zeros(2, dtype='<f8'))):
            archive.writestr(zipfile.ZipInfo(entry, (1980, 1, 1, 0, 0, 0)), npy(array), compress_type=method)

with tempfile.TemporaryDirectory() as tmp:
    for name, symbol in (('exports_descriptor.so', 'nnplug_descriptor'), ('not_a_plugin.so', 'something_else')):
        source = os.path.join(tmp, 'seed.c')
        with open(source, 'w') as f:
            f.write('int %s = 1;\n' % symbol)
        subprocess.run(['gcc', '-shared', '-nostdlib', '-Os', '-Wl,-z,noseparate-code', '-Wl,--build-id=none',
                        '-o', c + 'plugin_file/' + name, source], check=True)
