"""Writes a small TorchScript backbone and its output on a fixed input, for TorchScriptBackboneTest.

    python3 src/test/python/torchscript_backbone.py OUT_DIR

It stands in for a user's exported module (see the README's recipe): it takes the 2D layout
[batch, 3, 180, 180] and returns pooled features [batch, 8].
"""
import json
import pathlib
import sys

import torch


class Pooled(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.conv = torch.nn.Conv2d(3, 8, 3, stride=2)

    def forward(self, x):
        return torch.relu(self.conv(x)).mean(dim=(2, 3))


out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
module = torch.jit.script(Pooled().eval())
module.save(str(out / "pooled.pt"))
x = torch.arange(3 * 180 * 180, dtype=torch.float32).reshape(1, 3, 180, 180) / (3 * 180 * 180)
with torch.no_grad():
    y = module(x)
(out / "pooled.json").write_text(json.dumps({"torch": torch.__version__, "expected": y[0].tolist()}))
