"""The application shell: start-up and composition, sign-in and idle lock, the main window and its navigation, the settings screen and user management."""
