"""The help-desk verification screen: camera, keyboard-wedge scanner and file input, the verdict banner and holder card, the verification log."""
