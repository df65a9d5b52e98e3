#!/usr/bin/env python3
"""Fits the attribution tagger of quote extraction (`crates/parallax-encoder/data/quote-tagger.safetensors`).

Usage: train-quote-tagger.py BASE_DIR POLNEAR_TRAIN.jsonl OUT.safetensors [MAX_ARTICLES]

BASE_DIR is the sentence encoder that `scripts/fetch-model.sh` unpacks (all-MiniLM-L6-v2). The
encoder reads an article in windows of word pieces and tags each piece twice:
- content: O, B (first piece of a content span or fragment), I;
- role: O, B-source, I-source, B-cue, I-cue.
Two tag sets, because a nested attribution's source and cue sit inside another's content.

As for the same-statement head, the encoder is adapted with low-rank updates (LoRA) of its
linear layers, so what we ship is the updates and the tag layer, not a copy of the encoder.

Trained on eval-dev's PolNeAR training month (`quotes/polnear-train-dev/train.jsonl`) only;
dev stays for `parallax eval quotes`. Needs `torch`, `transformers`, `safetensors` from PyPI;
seeded, on CPU.
"""
import json
import os
import random
import sys
import time

import torch
from safetensors.torch import save_file
from transformers import BertModel, BertTokenizerFast

RANK = 16
ALPHA = 32.0
# The defaults fit the shipped head (4 epochs: about 45 minutes on 2 cores with nothing else
# running). A further fit from an earlier head: TAGGER_FROM=HEAD.safetensors, with
# TAGGER_EPOCHS and TAGGER_LR.
EPOCHS = int(os.environ.get("TAGGER_EPOCHS", 4))
BATCH = 8
LR = float(os.environ.get("TAGGER_LR", 1e-3))
# Word pieces per window, [CLS] and [SEP] included; must match the Rust side.
WINDOW = 256
ADAPTED = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)
CONTENT_TAGS = 3  # O, B, I
ROLE_TAGS = 5  # O, B-source, I-source, B-cue, I-cue


class LoRA(torch.nn.Module):
    """A frozen linear layer plus a trained low-rank update B·A, scaled by ALPHA / RANK."""

    def __init__(self, base: torch.nn.Linear):
        super().__init__()
        self.base = base
        self.a = torch.nn.Parameter(torch.randn(RANK, base.in_features) * 0.01)
        self.b = torch.nn.Parameter(torch.zeros(base.out_features, RANK))

    def forward(self, x):
        return self.base(x) + (x @ self.a.T @ self.b.T) * (ALPHA / RANK)


def char_spans(span, byte_to_char):
    """The (start, end) character ranges of a span, one per fragment."""
    parts = span.get("fragments") or [span]
    return [(byte_to_char[p["start"]], byte_to_char[p["end"]]) for p in parts]


def tag_article(article, tok):
    """Word pieces of the article with their content and role tags."""
    text = article["text"]
    byte_to_char = {}
    b = 0
    for i, ch in enumerate(text):
        byte_to_char[b] = i
        b += len(ch.encode("utf-8"))
    byte_to_char[b] = len(text)
    enc = tok(text, add_special_tokens=False, return_offsets_mapping=True)
    ids, offsets = enc["input_ids"], enc["offset_mapping"]
    content = [0] * len(ids)
    role = [0] * len(ids)

    def mark(tags, ranges, begin):
        # Longer spans first, so an outer content keeps its pieces and a nested one inside it
        # does not cut it in two.
        for lo, hi in ranges:
            first = True
            for k, (s, e) in enumerate(offsets):
                if s >= lo and s < hi and e > s:
                    if tags[k] == 0:
                        tags[k] = begin if first else begin + 1
                    first = False

    atts = article["attributions"]
    contents = sorted(
        (r for a in atts for r in char_spans(a["content"], byte_to_char)),
        key=lambda r: r[0] - r[1],
    )
    mark(content, contents, 1)
    for a in atts:
        if a.get("cue"):
            mark(role, char_spans(a["cue"], byte_to_char), 3)
        if a.get("source"):
            mark(role, char_spans(a["source"], byte_to_char), 1)
    return ids, content, role


def windows(ids, content, role, shift):
    inner = WINDOW - 2
    start = shift % inner
    cuts = [0] + list(range(start, len(ids), inner)) if start else list(range(0, len(ids), inner))
    out = []
    for i, lo in enumerate(cuts):
        hi = cuts[i + 1] if i + 1 < len(cuts) else min(len(ids), lo + inner)
        hi = min(hi, lo + inner)
        if hi > lo:
            out.append((ids[lo:hi], content[lo:hi], role[lo:hi]))
    return out


def main():
    base_dir, train, out = sys.argv[1:4]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    torch.manual_seed(0)
    random.seed(0)
    tok = BertTokenizerFast(tokenizer_file=f"{base_dir}/tokenizer.json")
    model = BertModel.from_pretrained(base_dir, add_pooling_layer=False)
    for p in model.parameters():
        p.requires_grad = False
    adapted = {}
    for i, layer in enumerate(model.encoder.layer):
        for name in ADAPTED:
            parent = layer
            *path, leaf = name.split(".")
            for part in path:
                parent = getattr(parent, part)
            lora = LoRA(getattr(parent, leaf))
            setattr(parent, leaf, lora)
            adapted[f"encoder.layer.{i}.{name}"] = lora
    tagger = torch.nn.Linear(model.config.hidden_size, CONTENT_TAGS + ROLE_TAGS)

    if os.environ.get("TAGGER_FROM"):
        from safetensors.torch import load_file

        start = load_file(os.environ["TAGGER_FROM"])
        with torch.no_grad():
            for name, lora in adapted.items():
                lora.a.copy_(start[f"{name}.lora_a"].float())
                lora.b.copy_(start[f"{name}.lora_b"].float())
            tagger.weight.copy_(start["tagger.weight"].float())
            tagger.bias.copy_(start["tagger.bias"].float())
        random.seed(1)

    articles = [json.loads(line) for line in open(train)][:limit]
    tagged = [tag_article(a, tok) for a in articles]
    print(f"{len(tagged)} articles, {sum(len(t[0]) for t in tagged)} word pieces", file=sys.stderr)

    trained = [p for p in model.parameters() if p.requires_grad] + list(tagger.parameters())
    opt = torch.optim.AdamW(trained, lr=LR, weight_decay=0.01)
    # A different cut each epoch, so no attribution is always split the same way. Cut up front,
    # so the learning-rate schedule counts the steps that will run.
    epochs = []
    for _ in range(EPOCHS):
        wins = [w for t in tagged for w in windows(*t, random.randrange(WINDOW - 2))]
        random.shuffle(wins)
        epochs.append(wins)
    steps = sum((len(wins) + BATCH - 1) // BATCH for wins in epochs)
    warm = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, 1 - s / steps)
    )
    cls, sep, pad = tok.cls_token_id, tok.sep_token_id, tok.pad_token_id
    model.train()
    started = time.time()
    step = 0
    for epoch, wins in enumerate(epochs):
        total = 0.0
        for i in range(0, len(wins), BATCH):
            batch = wins[i : i + BATCH]
            width = max(len(w[0]) for w in batch) + 2
            ids = torch.full((len(batch), width), pad)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            ct = torch.full((len(batch), width), -100)
            rt = torch.full((len(batch), width), -100)
            for r, (wi, wc, wr) in enumerate(batch):
                n = len(wi)
                ids[r, : n + 2] = torch.tensor([cls] + wi + [sep])
                mask[r, : n + 2] = 1
                ct[r, 1 : n + 1] = torch.tensor(wc)
                rt[r, 1 : n + 1] = torch.tensor(wr)
            hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
            logits = tagger(hidden)
            loss = torch.nn.functional.cross_entropy(
                logits[..., :CONTENT_TAGS].reshape(-1, CONTENT_TAGS), ct.reshape(-1)
            ) + torch.nn.functional.cross_entropy(
                logits[..., CONTENT_TAGS:].reshape(-1, ROLE_TAGS), rt.reshape(-1)
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item() * len(batch)
            step += 1
            if step % 50 == 0:
                print(
                    f"step {step}/{steps} loss {loss.item():.4f} ({time.time() - started:.0f} s)",
                    file=sys.stderr,
                    flush=True,
                )
        print(f"epoch {epoch + 1}: mean loss {total / len(wins):.4f}", file=sys.stderr)

    tensors = {}
    for name, lora in adapted.items():
        tensors[f"{name}.lora_a"] = lora.a.detach().contiguous()
        tensors[f"{name}.lora_b"] = lora.b.detach().contiguous()
    tensors["tagger.weight"] = tagger.weight.detach().contiguous()
    tensors["tagger.bias"] = tagger.bias.detach().contiguous()
    tensors["lora_alpha"] = torch.tensor([ALPHA])
    meta = {"rank": str(RANK), "window": str(WINDOW), "base": "all-MiniLM-L6-v2"}
    save_file({k: v.to(torch.float16) for k, v in tensors.items()}, out, metadata=meta)
    print(f"wrote {out}: {sum(v.numel() for v in tensors.values())} parameters", file=sys.stderr)


if __name__ == "__main__":
    main()
