"""The second stage's sentence encoder (all-MiniLM-L6-v2 run in numpy) gives the vectors the
reference implementation gives. The token ids and the first twelve numbers of each vector were
computed with Hugging Face transformers 5.25 and PyTorch 2.13 from the same packaged weights
(BertTokenizerFast, BertModel, mean pooling, L2 norm); the desk itself has neither."""

import numpy as np
import pytest

from sociable.triage import encoder, risk

REFERENCE = [
    ("i dont want to be here anymore",
     [101, 1045, 2123, 2102, 2215, 2000, 2022, 2182, 4902, 102],
     [-0.033711, -0.053506, 0.057253, 0.002199, 0.047212, -0.016205, 0.061453, -0.070406,
      0.064571, -0.090881, -0.031328, -0.125536]),
    ("Where is @user going to be at tonight in Detroit?",
     [101, 2073, 2003, 2183, 2000, 2022, 2012, 3892, 1999, 5626, 102],
     [-0.010582, -0.071932, -0.014636, 0.003511, 0.012375, -0.002152, 0.003151, -0.04346,
      0.00487, 0.030031, -0.084964, 0.023856]),
    ("My neighbour's lodger keeps her in the back room",
     [101, 2026, 14754, 7410, 2099, 7906, 2014, 1999, 1996, 2067, 2282, 102],
     [0.057801, 0.003801, -0.000614, 0.025534, 0.002995, 0.007753, 0.011155, -0.051988,
      -0.005137, 0.033777, -0.012788, -0.000277]),
]  # fmt: skip


@pytest.fixture(scope="module")
def enc():
    loaded = encoder.load()
    assert loaded is not None, "the encoder package is part of the install (make install)"
    return loaded


@pytest.mark.parametrize(("text", "ids", "head"), REFERENCE)
def test_the_numpy_encoder_gives_the_reference_tokens_and_vector(enc, text, ids, head):
    styled = risk.style_normalise(text)
    assert enc.ids(styled) == ids
    v = enc.embed(styled)
    assert v.shape == (384,) and v.dtype == np.float32
    assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-5
    np.testing.assert_allclose(v[:12], head, atol=2e-5)


def test_a_vector_does_not_depend_on_the_batch_it_is_computed_in(enc):
    texts = [risk.style_normalise(t) for t, _, _ in REFERENCE] + ["ok", "word " * 80]
    together = enc.embed_many(texts, batch=8)
    for text, v in zip(texts, together, strict=True):
        np.testing.assert_allclose(v, enc.embed(text), atol=1e-5)


def test_a_long_message_is_cut_to_what_the_encoder_reads(enc):
    ids = enc.ids("word " * 500)
    assert len(ids) == encoder.MAX_TOKENS and ids[0] == 101 and ids[-1] == 102


def test_an_unknown_or_absurdly_long_word_is_one_unknown_token(enc):
    assert enc.ids("x" * 150) == [101, enc.tokens.unk, 102]


def test_a_damaged_weights_file_leaves_the_first_stage_deciding(tmp_path, monkeypatch, caplog):
    (tmp_path / "model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00not json")
    (tmp_path / "vocab.txt").write_text("[PAD]\n[UNK]\n[CLS]\n[SEP]\n", "utf-8")
    monkeypatch.setattr(encoder, "model_dir", lambda: tmp_path)
    encoder.load.cache_clear()
    try:
        assert encoder.load() is None
        assert "could not be loaded" in caplog.text
    finally:
        encoder.load.cache_clear()
