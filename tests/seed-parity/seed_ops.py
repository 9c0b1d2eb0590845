"""The seed's apply_image_processing, verbatim, as a command-line reference for parity tests.

Usage: python3 seed_ops.py INPUT_IMAGE OPERATION OUTPUT_IMAGE [OPERATION OUTPUT_IMAGE ...]
Reads INPUT_IMAGE with cv2.imread (as the seed does), applies each OPERATION and writes its result
with cv2.imwrite (gray results stay one channel). Several operations per call save the second or so
that importing cv2 takes. Needs Debian's python3-opencv (which brings numpy).
"""
import sys

import cv2
import numpy as np


# Function to apply various image processing operations
def apply_image_processing(image, operation):
    if operation == 'blur':
        result = cv2.blur(image, (5, 5)) # Applying Gaussian blur
    elif operation == 'gaussian':
        result = cv2.GaussianBlur(image, (5, 5), 0) # Applying Gaussian blur
    elif operation == 'median':
        result = cv2.medianBlur(image, 5) # Applying median blur
    elif operation == 'bilateral':
        result = cv2.bilateralFilter(image, 9, 75, 75) # Applying bilateral filter
    elif operation == 'canny':
        result = cv2.Canny(image, 100, 200) # Applying Canny edge detection
    elif operation == 'invert':
        result = cv2.bitwise_not(image) # Invert colors
    elif operation == 'brightness_increase':
        result = cv2.convertScaleAbs(image, alpha=1.5, beta=0) # Increase brightness
    elif operation == 'to_gray':
        result = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) # Convert image to grayscale
    elif operation == 'to_bw':
        _, result = cv2.threshold(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), 127, 255, cv2.THRESH_BINARY) # Convert image to black and white
    elif operation == 'contrast_stretching':
        hist, bins = np.histogram(image.flatten(), 256, [0, 256])
        cdf = hist.cumsum()
        cdf_m = np.ma.masked_equal(cdf, 0)
        cdf_m = (cdf_m - cdf_m.min()) * 255 / (cdf_m.max() - cdf_m.min())
        cdf = np.ma.filled(cdf_m, 0).astype('uint8')
        result = cdf[image]
    else:
        result = image # No operation

    return result


def main(argv):
    if len(argv) < 4 or len(argv) % 2 != 0:
        sys.exit("usage: seed_ops.py INPUT_IMAGE OPERATION OUTPUT_IMAGE [OPERATION OUTPUT_IMAGE ...]")
    source = argv[1]
    image = cv2.imread(source)
    if image is None:
        sys.exit(f"cannot read {source}")
    for operation, destination in zip(argv[2::2], argv[3::2]):
        if not cv2.imwrite(destination, apply_image_processing(image, operation)):
            sys.exit(f"cannot write {destination}")


if __name__ == "__main__":
    main(sys.argv)
