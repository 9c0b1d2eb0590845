"""The seed's operations and OpenCV's codecs one at a time in Debian's python3-opencv, one OpenCV thread, on the
1152 x 864 photo the C# kernel benchmarks use (samples/chelsea.png, upscaled), for comparison with them.

Usage: python3 seed_kernels.py SAMPLES_FOLDER [REPETITIONS]
Prints the median and the fastest CPU milliseconds (this thread's) of each.
"""
import os
import sys
import time

import cv2
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "seed-parity"))
from seed_ops import apply_image_processing  # noqa: E402  (the seed's function, verbatim)

OPERATIONS = ["blur", "gaussian", "median", "bilateral", "canny", "invert", "brightness_increase", "to_gray", "to_bw",
              "contrast_stretching"]


def measure(name, action, repetitions):
    action()
    times = []
    for _ in range(repetitions):
        start = time.thread_time()
        action()
        times.append((time.thread_time() - start) * 1000)
    times.sort()
    print(f"{name:32} median {times[len(times) // 2]:8.2f} ms   fastest {times[0]:8.2f} ms")


def main(argv):
    cv2.setNumThreads(1)
    repetitions = int(argv[2]) if len(argv) > 2 else 25
    photo = cv2.resize(cv2.imread(os.path.join(argv[1], "chelsea.png")), (1152, 864), interpolation=cv2.INTER_CUBIC)
    for operation in OPERATIONS:
        measure(operation, lambda: apply_image_processing(photo, operation), repetitions)
    jpeg = np.frombuffer(cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 95])[1].tobytes(), np.uint8)
    measure("jpeg decode (q95)", lambda: cv2.imdecode(jpeg, cv2.IMREAD_COLOR), repetitions)
    gaussian = apply_image_processing(photo, "gaussian")
    measure("png encode, gaussian output", lambda: cv2.imencode(".png", gaussian), repetitions)


if __name__ == "__main__":
    main(sys.argv)
