"""ID photo and signature processing (OpenCV / Pillow). No Qt."""
