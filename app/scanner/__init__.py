"""Frame sources (camera, video file, images, PDF pages) and QR decoders. No Qt."""
