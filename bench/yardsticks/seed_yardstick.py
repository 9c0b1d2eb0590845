"""What a user would run instead of imagepipe: the seed's apply_image_processing in Debian's OpenCV.

Usage: python3 seed_yardstick.py whole|pool OPERATION OUTPUT_FOLDER INPUT [INPUT ...]
  whole: each input in turn in this one process, OpenCV's own threads over every core.
  pool:  a multiprocessing.Pool of one process per core, one OpenCV thread each, one input per task.
Each input is read with cv2.imread and its result written with cv2.imwrite as OUTPUT_FOLDER/<name>.png.
"""
import multiprocessing
import os
import sys

import cv2

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "seed-parity"))
from seed_ops import apply_image_processing  # noqa: E402  (the seed's function, verbatim)


def process(task):
    source, operation, folder = task
    image = cv2.imread(source)
    if image is None:
        raise SystemExit(f"cannot read {source}")
    destination = os.path.join(folder, os.path.splitext(os.path.basename(source))[0] + ".png")
    if not cv2.imwrite(destination, apply_image_processing(image, operation)):
        raise SystemExit(f"cannot write {destination}")


def one_thread():
    cv2.setNumThreads(1)


def main(argv):
    if len(argv) < 5 or argv[1] not in ("whole", "pool"):
        sys.exit(__doc__)
    mode, operation, folder, inputs = argv[1], argv[2], argv[3], argv[4:]
    os.makedirs(folder, exist_ok=True)
    tasks = [(source, operation, folder) for source in inputs]
    if mode == "whole":
        for task in tasks:
            process(task)
    else:
        with multiprocessing.Pool(os.cpu_count(), initializer=one_thread) as pool:
            for _ in pool.imap_unordered(process, tasks, chunksize=1):
                pass


if __name__ == "__main__":
    main(sys.argv)
