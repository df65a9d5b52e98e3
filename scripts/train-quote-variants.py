#!/usr/bin/env python3
"""Fits the same-statement model of quote grouping (`models/quote-variants.safetensors`).

Usage: train-quote-variants.py BASE_DIR MSRP_TRAIN.jsonl QUOTE_PAIRS.jsonl OUT.safetensors

BASE_DIR is the sentence encoder that `scripts/fetch-model.sh` unpacks (all-MiniLM-L6-v2:
`model.safetensors`, `tokenizer.json`). The encoder reads both renderings at once (a
cross-encoder) and is adapted with low-rank updates (LoRA, rank RANK) of its linear layers, so
that what we ship is small: the updates, the pooler and the two-way classifier, not a copy of
the encoder. The base stays as published; `parallax-quotes` adds the updates when it loads it.

Trained on eval-dev's MSRP training pairs (`paraphrase/msrp-train.jsonl`) without the quote
pairs that `parallax eval quote-variants` scores, and without any pair that shares a sentence
with them: those stay unseen. Each pair is read in both orders. Needs `torch`, `transformers`,
`safetensors` from PyPI; seeded, on CPU.
"""
import json
import random
import sys

import torch
from safetensors.torch import save_file
from transformers import BertForSequenceClassification, BertTokenizerFast

RANK = 8
ALPHA = 16.0
EPOCHS = 3
BATCH = 16
LR = 5e-4
MAX_TOKENS = 128
# Linear layers of each encoder layer that get an update.
ADAPTED = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


class LoRA(torch.nn.Module):
    """A frozen linear layer plus a trained low-rank update B·A, scaled by ALPHA / RANK."""

    def __init__(self, base: torch.nn.Linear):
        super().__init__()
        self.base = base
        self.a = torch.nn.Parameter(torch.randn(RANK, base.in_features) * 0.01)
        self.b = torch.nn.Parameter(torch.zeros(base.out_features, RANK))

    def forward(self, x):
        return self.base(x) + (x @ self.a.T @ self.b.T) * (ALPHA / RANK)


def main():
    base_dir, msrp, quote_pairs, out = sys.argv[1:5]
    torch.manual_seed(0)
    random.seed(0)
    tok = BertTokenizerFast(tokenizer_file=f"{base_dir}/tokenizer.json")
    model = BertForSequenceClassification.from_pretrained(base_dir, num_labels=2)
    for p in model.parameters():
        p.requires_grad = False
    adapted = {}
    for i, layer in enumerate(model.bert.encoder.layer):
        for name in ADAPTED:
            parent = layer
            *path, leaf = name.split(".")
            for part in path:
                parent = getattr(parent, part)
            lora = LoRA(getattr(parent, leaf))
            setattr(parent, leaf, lora)
            adapted[f"encoder.layer.{i}.{name}"] = lora
    for p in list(model.bert.pooler.parameters()) + list(model.classifier.parameters()):
        p.requires_grad = True

    held = [json.loads(line) for line in open(quote_pairs)]
    held_ids = {p["id"] for p in held}
    held_sentences = {p["id_a"] for p in held} | {p["id_b"] for p in held}
    pairs = [
        p
        for p in map(json.loads, open(msrp))
        if p["id"] not in held_ids
        and p["id_a"] not in held_sentences
        and p["id_b"] not in held_sentences
    ]
    print(f"{len(pairs)} training pairs ({len(held)} quote pairs held out)", file=sys.stderr)

    trained = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(trained, lr=LR, weight_decay=0.01)
    steps = EPOCHS * ((len(pairs) + BATCH - 1) // BATCH)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, 1 - s / steps)
    )
    model.train()
    for epoch in range(EPOCHS):
        random.shuffle(pairs)
        total = 0.0
        for i in range(0, len(pairs), BATCH):
            batch = pairs[i : i + BATCH]
            swap = random.random() < 0.5
            first = [p["b" if swap else "a"] for p in batch]
            second = [p["a" if swap else "b"] for p in batch]
            x = tok(first, second, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
            labels = torch.tensor([p["label"] for p in batch])
            loss = model(**x, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item() * len(batch)
        print(f"epoch {epoch + 1}: mean loss {total / len(pairs):.4f}", file=sys.stderr)

    tensors = {}
    for name, lora in adapted.items():
        tensors[f"{name}.lora_a"] = lora.a.detach().contiguous()
        tensors[f"{name}.lora_b"] = lora.b.detach().contiguous()
    for name, p in model.bert.pooler.named_parameters():
        tensors[f"pooler.{name}"] = p.detach().contiguous()
    for name, p in model.classifier.named_parameters():
        tensors[f"classifier.{name}"] = p.detach().contiguous()
    tensors["lora_alpha"] = torch.tensor([ALPHA])
    meta = {"rank": str(RANK), "max_tokens": str(MAX_TOKENS), "base": "all-MiniLM-L6-v2"}
    save_file({k: v.to(torch.float16) for k, v in tensors.items()}, out, metadata=meta)
    print(f"wrote {out}: {sum(v.numel() for v in tensors.values())} parameters", file=sys.stderr)


if __name__ == "__main__":
    main()
