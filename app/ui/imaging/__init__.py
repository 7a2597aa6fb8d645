"""Photo and signature capture: the cropper dialog (file, paste, drop, webcam), its crop frame and the image-problem list."""
