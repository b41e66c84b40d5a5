"""What the GM algorithms cost on this machine (issue 18, point 5), each as a ratio
against the suite-1 (or store) primitive it would replace, measured in the same run:

- payload AEAD: SM4-GCM against ChaCha20-Poly1305 (suite 1) and AES-256-GCM, 64 KiB
  chunks as the STREAM payload uses them;
- package prehash: SM3 against SHA-256;
- signatures: SM2 (gmalg, signer id 1234567812345678) against Ed25519;
- per-recipient key wrap: gm-1 (SM2 encryption) against intl-1 (X25519 + HKDF + AEAD);
- a store page (4 KiB, as SQLCipher writes it): SM4-CBC + HMAC-SM3 against
  SQLCipher's AES-256-CBC + HMAC-SHA512;
- a passphrase KDF: the PBKDF2-HMAC-SM3 iteration count that takes as long as the
  store's Argon2id (64 MiB, t=3, 4 lanes);
- a whole sync package: export + import between two gm-1 offices against two intl-1
  offices, the same records and attachment sizes (bench_sync's workload; issue 18
  point 6).

Run: `python -m benchmarks gm [--quick]` (or `python -m benchmarks.bench_gm [--quick]`);
results go to benchmarks/out/gm.json.
No goal: docs/security.md §GM reports the numbers."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from benchmarks import bench_sync
from bjstc_desktop.store import gm, kdf
from bjstc_desktop.sync.gm_suite import Gm1
from bjstc_desktop.sync.suite import Intl1, stream_nonce
from bjstc_desktop.sync.suites import CHOICES

CHUNK = 64 * 1024
PAGE = 4096


def _median_seconds(fn: Callable[[], object], rounds: int) -> float:
    fn()  # warm
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _aead_mb_s(aead: Any, data: bytes, rounds: int) -> dict[str, float]:
    chunks = [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)]
    sealed = [aead.encrypt(stream_nonce(i, i == len(chunks) - 1), c, None) for i, c in enumerate(chunks)]

    def enc() -> None:
        for i, c in enumerate(chunks):
            aead.encrypt(stream_nonce(i, i == len(chunks) - 1), c, None)

    def dec() -> None:
        for i, c in enumerate(sealed):
            aead.decrypt(stream_nonce(i, i == len(sealed) - 1), c, None)

    mb = len(data) / 1e6
    return {"encrypt_mb_s": round(mb / _median_seconds(enc, rounds), 1),
            "decrypt_mb_s": round(mb / _median_seconds(dec, rounds), 1)}


def _hash_mb_s(make: Callable[[], Any], data: bytes, rounds: int) -> float:
    def run() -> None:
        h = make()
        for i in range(0, len(data), CHUNK):
            h.update(data[i : i + CHUNK])
        h.digest()

    return round(len(data) / 1e6 / _median_seconds(run, rounds), 1)


def _per_op_ms(fn: Callable[[], object], ops: int, rounds: int) -> float:
    def run() -> None:
        for _ in range(ops):
            fn()

    return round(_median_seconds(run, rounds) / ops * 1000, 3)


def _page_us(encrypt_page: Callable[[bytes], object], pages: list[bytes], rounds: int) -> float:
    def run() -> None:
        for p in pages:
            encrypt_page(p)

    return round(_median_seconds(run, rounds) / len(pages) * 1e6, 2)


def _sqlcipher_like_page(cipher: Callable[[bytes], Any], digest: hashes.HashAlgorithm, mac_key: bytes) -> Callable[[bytes], bytes]:
    """One page as SQLCipher 4 protects it: CBC under a fresh 16-byte IV, then an HMAC
    over ciphertext ‖ IV ‖ page number."""
    def page(data: bytes) -> bytes:
        iv = os.urandom(16)
        enc = Cipher(cipher(), modes.CBC(iv)).encryptor()
        body = enc.update(data) + enc.finalize()
        mac = hmac.HMAC(mac_key, digest)
        mac.update(body + iv + b"\x00\x00\x00\x01")
        return body + iv + mac.finalize()

    return page


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2)


def _pair(records: int, attachments: int, size: int, rounds: int) -> dict[str, Any]:
    """One workload exported and imported in intl-1 and in gm-1, the two interleaved
    `rounds` times (the shared machine's load drifts), and the ratios of the medians."""
    runs: dict[str, list[dict[str, Any]]] = {"intl-1": [], "gm-1": []}
    for _ in range(rounds):
        for suite, choice in (("intl-1", "intl"), ("gm-1", "gm")):
            result = bench_sync.throughput(records, attachments, size, CHOICES[choice])
            assert result["suite"] == suite
            runs[suite].append(result)
    med = {suite: {k: round(statistics.median(r[k] for r in rs), 3) for k in ("export_s", "import_s")}
           for suite, rs in runs.items()}
    for m in med.values():
        m["export_import_s"] = round(m["export_s"] + m["import_s"], 3)
    gm1, intl = med["gm-1"], med["intl-1"]
    return {"records": records, "attachments": attachments, "attachment_bytes": attachments * size,
            "package_bytes": {s: rs[0]["package_bytes"] for s, rs in runs.items()}, "rounds": rounds,
            "median": med, "export_import_s_each_round": {s: [round(r["export_s"] + r["import_s"], 3) for r in rs]
                                                         for s, rs in runs.items()},
            "ratio_gm1_over_intl1_export": _ratio(gm1["export_s"], intl["export_s"]),
            "ratio_gm1_over_intl1_import": _ratio(gm1["import_s"], intl["import_s"]),
            "ratio_gm1_over_intl1_export_import": _ratio(gm1["export_import_s"], intl["export_import_s"])}


def exchange(quick: bool) -> dict[str, Any]:
    """Export + import of the same workloads in gm-1 and in intl-1 (GM over suite 1):
    records with attachments, as bench_sync's, and attachments alone, where the
    payload cipher is all that differs."""
    saved = kdf.DEFAULT_KDF
    kdf.DEFAULT_KDF = bench_sync.LIGHT_KDF  # unlocking is not what is measured
    try:
        if quick:
            return {"records_and_attachments": _pair(300, 4, 1 << 20, 3), "attachments_only": _pair(0, 8, 4 << 20, 3)}
        return {"records_and_attachments": _pair(10_000, 40, 5 << 20, 3),
                "attachments_only": _pair(0, 40, 5 << 20, 3)}
    finally:
        kdf.DEFAULT_KDF = saved


def run(quick: bool = False) -> dict[str, Any]:
    """Measure everything once; ratios are GM cost over suite-1 (or store) cost."""
    size_mb, rounds, sig_ops, pages = (8, 3, 5, 500) if quick else (64, 5, 20, 4000)
    data = os.urandom(size_mb * 1024 * 1024)

    aead = {"sm4_gcm": _aead_mb_s(gm.Sm4Gcm(os.urandom(16)), data, rounds),
            "chacha20_poly1305": _aead_mb_s(ChaCha20Poly1305(os.urandom(32)), data, rounds),
            "aes_256_gcm": _aead_mb_s(AESGCM(os.urandom(32)), data, rounds)}
    sm3_mb_s = _hash_mb_s(gm.Sm3, data, rounds)
    import hashlib

    sha256_mb_s = _hash_mb_s(hashlib.sha256, data, rounds)

    digest = os.urandom(32)
    sm2_private, sm2_public = gm.generate()
    sm2_sig = Gm1.sign(sm2_private, digest)
    ed_private = os.urandom(32)
    ed_public = Ed25519PrivateKey.from_private_bytes(ed_private).public_key().public_bytes_raw()
    ed_sig = Intl1.sign(ed_private, digest)
    file_key = os.urandom(32)
    x_private = os.urandom(32)
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    x_public = X25519PrivateKey.from_private_bytes(x_private).public_key().public_bytes_raw()
    gm_entry = Gm1.wrap(file_key, sm2_public, os.urandom(32))
    intl_entry = Intl1.wrap(file_key, x_public, os.urandom(32))
    ops = {
        "sm2_sign_ms": _per_op_ms(lambda: Gm1.sign(sm2_private, digest), sig_ops, rounds),
        "ed25519_sign_ms": _per_op_ms(lambda: Intl1.sign(ed_private, digest), sig_ops * 20, rounds),
        "sm2_verify_ms": _per_op_ms(lambda: Gm1.verify(sm2_public, sm2_sig, digest), sig_ops, rounds),
        "ed25519_verify_ms": _per_op_ms(lambda: Intl1.verify(ed_public, ed_sig, digest), sig_ops * 20, rounds),
        "gm1_wrap_ms": _per_op_ms(lambda: Gm1.wrap(file_key, sm2_public, os.urandom(32)), sig_ops, rounds),
        "intl1_wrap_ms": _per_op_ms(lambda: Intl1.wrap(file_key, x_public, os.urandom(32)), sig_ops * 20, rounds),
        "gm1_unwrap_ms": _per_op_ms(lambda: Gm1.unwrap(sm2_private, *gm_entry), sig_ops, rounds),
        "intl1_unwrap_ms": _per_op_ms(lambda: Intl1.unwrap(x_private, *intl_entry), sig_ops * 20, rounds),
    }

    page_data = [os.urandom(PAGE) for _ in range(pages)]
    aes_page = _page_us(_sqlcipher_like_page(lambda: algorithms.AES(os.urandom(32)), hashes.SHA512(), os.urandom(64)),
                        page_data, rounds)
    sm4_page = _page_us(_sqlcipher_like_page(lambda: algorithms.SM4(os.urandom(16)), hashes.SM3(), os.urandom(32)),
                        page_data, rounds)

    params = kdf.DEFAULT_KDF
    argon_s = _median_seconds(lambda: kdf.derive_key(b"benchmark passphrase", os.urandom(16), params), 3)
    probe = 20_000 if quick else 100_000
    pbkdf2_s = _median_seconds(lambda: PBKDF2HMAC(hashes.SM3(), 32, os.urandom(16), probe).derive(b"pw"), 3)
    sm3_iterations_equal = int(argon_s / (pbkdf2_s / probe))

    return {
        "benchmark": "GM primitives against the suite-1 / store primitives, same run",
        "payload_mb": size_mb, "rounds": rounds,
        "aead_64k_chunks": aead,
        "ratio_sm4gcm_over_chacha_encrypt": _ratio(aead["chacha20_poly1305"]["encrypt_mb_s"], aead["sm4_gcm"]["encrypt_mb_s"]),
        "ratio_sm4gcm_over_chacha_decrypt": _ratio(aead["chacha20_poly1305"]["decrypt_mb_s"], aead["sm4_gcm"]["decrypt_mb_s"]),
        "ratio_sm4gcm_over_aesgcm_encrypt": _ratio(aead["aes_256_gcm"]["encrypt_mb_s"], aead["sm4_gcm"]["encrypt_mb_s"]),
        "sm3_mb_s": sm3_mb_s, "sha256_mb_s": sha256_mb_s, "ratio_sm3_over_sha256": _ratio(sha256_mb_s, sm3_mb_s),
        **ops,
        "ratio_sm2_over_ed25519_sign": _ratio(ops["sm2_sign_ms"], ops["ed25519_sign_ms"]),
        "ratio_sm2_over_ed25519_verify": _ratio(ops["sm2_verify_ms"], ops["ed25519_verify_ms"]),
        "ratio_gm1_over_intl1_wrap": _ratio(ops["gm1_wrap_ms"], ops["intl1_wrap_ms"]),
        "ratio_gm1_over_intl1_unwrap": _ratio(ops["gm1_unwrap_ms"], ops["intl1_unwrap_ms"]),
        "page_4k_aes256cbc_hmac_sha512_us": aes_page, "page_4k_sm4cbc_hmac_sm3_us": sm4_page,
        "ratio_sm4_page_over_sqlcipher_page": _ratio(sm4_page, aes_page),
        "argon2id": {"memory_kib": params.memory_kib, "iterations": params.iterations, "lanes": params.lanes,
                     "seconds": round(argon_s, 3)},
        "pbkdf2_hmac_sm3_per_100k_iterations_s": round(pbkdf2_s / probe * 100_000, 3),
        "pbkdf2_hmac_sm3_iterations_same_time_as_argon2id": sm3_iterations_equal,
        "export_import": exchange(quick),
    }


def main(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.bench_gm [--quick]`."""
    parser = argparse.ArgumentParser(prog="benchmarks.bench_gm")
    parser.add_argument("--quick", action="store_true", help="smaller data, for a smoke run")
    result = run(quick=parser.parse_args(argv).quick)
    out = Path(__file__).with_name("out")
    out.mkdir(exist_ok=True)
    (out / "gm.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
