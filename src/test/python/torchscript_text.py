"""Writes a small TorchScript text encoder, its tokenizer and its outputs, for TorchScriptTextTest.

    python3 src/test/python/torchscript_text.py OUT_DIR

It stands in for a user's exported DistilRoBERTa (see the README's recipe): `encoder.pt` takes
(input_ids, attention_mask), int64 [batch, T], and returns a one-tuple with the last hidden
state [batch, T, 16], as a Hugging Face model traced with torchscript=True does; one
self-attention layer that honours the mask. `encoder.tokenizer.json` is a word-level tokenizer
in the Hugging Face format (lower-casing, whitespace split, RoBERTa's <s> ... </s>). The
expected features are the mean of the hidden state over all tokens of each text on its own,
<s> and </s> included, as the reference pools.
"""
import json
import pathlib
import sys
from typing import Tuple

import torch

WORDS = ["i", "am", "so", "happy", "today", "this", "is", "terrible", "news", "we", "will", "see"]
SPECIAL = ["<s>", "<pad>", "</s>", "<unk>"]
VOCAB = {w: i for i, w in enumerate(SPECIAL + WORDS)}


class Encoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.tokens = torch.nn.Embedding(len(VOCAB), 16)
        self.positions = torch.nn.Embedding(64, 16)
        self.q = torch.nn.Linear(16, 16)
        self.k = torch.nn.Linear(16, 16)
        self.v = torch.nn.Linear(16, 16)
        self.out = torch.nn.Linear(16, 16)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> Tuple[torch.Tensor]:
        t = input_ids.shape[1]
        h = self.tokens(input_ids) + self.positions(torch.arange(t).unsqueeze(0))
        scores = self.q(h) @ self.k(h).transpose(1, 2) / 4.0
        scores = scores.masked_fill(attention_mask.unsqueeze(1) == 0, -1e4)
        h = h + torch.softmax(scores, dim=-1) @ self.v(h)
        return (torch.tanh(self.out(h)),)


def token_ids(text):
    return [VOCAB["<s>"]] + [VOCAB.get(w, VOCAB["<unk>"]) for w in text.lower().split()] + [VOCAB["</s>"]]


def tokenizer_json():
    added = [{"id": VOCAB[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for t in SPECIAL]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "WhitespaceSplit"},
        "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", VOCAB["</s>"]],
                           "cls": ["<s>", VOCAB["<s>"]], "trim_offsets": True, "add_prefix_space": False},
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": VOCAB, "unk_token": "<unk>"},
    }


out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
module = torch.jit.script(Encoder().eval())
module.save(str(out / "encoder.pt"))
(out / "encoder.tokenizer.json").write_text(json.dumps(tokenizer_json()))
texts = ["", "I am so happy today", "this is terrible news", "we will see what happens"]
expected = []
with torch.no_grad():
    for text in texts:
        ids = torch.tensor([token_ids(text)])
        hidden = module(ids, torch.ones_like(ids))[0]
        expected.append({"text": text, "ids": ids[0].tolist(), "features": hidden[0].mean(dim=0).tolist()})
(out / "encoder.json").write_text(json.dumps({"torch": torch.__version__, "expected": expected}))
