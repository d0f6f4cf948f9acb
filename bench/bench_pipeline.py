"""Throughput of the whole pipeline (text -> records, no map) on one core.

    python bench/bench_pipeline.py [--articles 2000] [--size 4096]

Prints articles/s and MB/s per language for generated ~4 KB articles (one
call per article, by the wall clock and by the process's CPU time, which a
busy machine disturbs less; then the same files through extract_sources with
one and two worker processes), then the time of single articles from 1 KB to
1 MB, first run and repeated (linear growth means a flat ms-per-KB column),
and the slowest single article. The process is set up as the `geo` command
sets up its own (`warm_process`: the gazetteer loaded, then left out of garbage
collections).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles  # noqa: E402

from geo.pipeline import extract_sources, extract_text, warm_process  # noqa: E402

PUBLISHED = date(2021, 11, 17)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--size", type=int, default=4096)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; pipeline on one core (one process)")
    warm_process()
    extract_text("warm up: Baku", published=PUBLISHED)
    for language in ("ar", "en"):
        docs = articles(language, args.articles, args.size)
        total_bytes = sum(len(d.encode("utf-8")) for d in docs)
        events = 0
        slowest = 0.0
        start, cpu_start = time.perf_counter(), time.process_time()
        for doc in docs:
            t0 = time.perf_counter()
            events += len(extract_text(doc, published=PUBLISHED, lang=language).events)
            slowest = max(slowest, time.perf_counter() - t0)
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
        print(f"{language}: {len(docs)} articles of ~{total_bytes / len(docs) / 1024:.1f} KB, one at a time (extract_text): "
              f"{seconds:.1f} s, {len(docs) / seconds:.1f} articles/s, {total_bytes / seconds / 1e6:.3f} MB/s, "
              f"{events} events, slowest {slowest * 1000:.0f} ms; "
              f"CPU time {cpu_seconds:.1f} s, {len(docs) / cpu_seconds:.1f} articles/s")
        with tempfile.TemporaryDirectory() as folder:
            for n, doc in enumerate(docs):
                Path(folder, f"{n:05}.txt").write_text(doc, encoding="utf-8")
            for jobs in (1, 2):
                start = time.perf_counter()
                count = sum(1 for _ in extract_sources([folder], published=PUBLISHED, lang=language, jobs=jobs))
                seconds = time.perf_counter() - start
                print(f"{language}: same files through extract_sources (batched boundary joins), jobs={jobs}: "
                      f"{seconds:.1f} s, {count / seconds:.1f} articles/s, {total_bytes / seconds / 1e6:.3f} MB/s")
    print("size scaling (one article each: its first run, with names and geometries new to the process, "
          "then the mean of repeats; ms and ms per KB):")
    for language in ("ar", "en"):
        for kb in (1, 4, 16, 64, 256, 1024):
            doc = articles(language, 1, kb * 1024, seed=kb)[0]
            t0 = time.perf_counter()
            extract_text(doc, published=PUBLISHED, lang=language)
            first = (time.perf_counter() - t0) * 1000     # one reading of a coarse clock: only the large sizes mean much
            runs, t0 = 0, time.perf_counter()
            while runs == 0 or time.perf_counter() - t0 < 0.25:   # the clock here ticks in 4 ms steps
                extract_text(doc, published=PUBLISHED, lang=language)
                runs += 1
            ms = (time.perf_counter() - t0) * 1000 / runs
            print(f"  {language} {kb:>5} KB: first {first:9.1f} ms  {first / kb:6.2f} ms/KB | "
                  f"repeated {ms:9.1f} ms  {ms / kb:6.2f} ms/KB")

if __name__ == "__main__":
    main()
